package org.ufileregistry.security.control;

import jakarta.enterprise.context.RequestScoped;
import org.ufileregistry.security.entity.Caller;

/** The caller of the current request, as the access filter established it. */
@RequestScoped
public class CurrentCaller {
  private Caller caller = Caller.ANONYMOUS;

  public Caller get() {
    return caller;
  }

  public void set(Caller caller) {
    this.caller = caller;
  }
}
