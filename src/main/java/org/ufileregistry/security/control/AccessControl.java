package org.ufileregistry.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.ufileregistry.security.entity.Action;

/** For resources that must check a second repository, or filter what they list. */
@ApplicationScoped
public class AccessControl {
  @Inject AccessPolicy policy;
  @Inject CurrentCaller caller;

  public boolean mayPull(String repository) {
    return policy.allows(caller.get(), Action.PULL, repository);
  }
}
