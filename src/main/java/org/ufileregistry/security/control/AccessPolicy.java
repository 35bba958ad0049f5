package org.ufileregistry.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ufileregistry.security.entity.Action;
import org.ufileregistry.security.entity.Caller;
import org.ufileregistry.security.entity.Decision;
import org.ufileregistry.security.entity.RepositoryRule;
import org.ufileregistry.security.entity.Roles;

/**
 * Who may do what. Users and their roles come from the server's realm; this class only maps
 * roles onto registry actions: readers pull, writers also push, admins also delete and list the
 * catalog. {@code registry.auth.rules} narrows or widens pull, push and delete per repository
 * name prefix; the longest matching prefix wins and admins may always do everything.
 */
@ApplicationScoped
public class AccessPolicy {
  private boolean enabled;
  private boolean anonymousPull;
  private List<RepositoryRule> rules;

  /** For the CDI proxy. */
  protected AccessPolicy() {}

  @Inject
  public AccessPolicy(
      @ConfigProperty(name = "registry.auth.enabled", defaultValue = "false") boolean enabled,
      @ConfigProperty(name = "registry.auth.anonymous-pull", defaultValue = "false") boolean anonymousPull,
      @ConfigProperty(name = "registry.auth.rules") Optional<String> rules) {
    this.enabled = enabled;
    this.anonymousPull = anonymousPull;
    this.rules =
        RepositoryRule.parseAll(rules.orElse("")).stream()
            .sorted(Comparator.comparingInt((RepositoryRule r) -> r.prefix().length()).reversed())
            .toList();
  }

  public boolean enabled() {
    return enabled;
  }

  /** @param repository the repository name for pull, push and delete; ignored otherwise */
  public Decision decide(Caller caller, Action action, String repository) {
    if (!enabled || caller.hasRole(Roles.ADMIN)) {
      return Decision.ALLOW;
    }
    Set<String> allowed = allowed(action, repository);
    if (allowed.contains(Roles.ANONYMOUS)) {
      return Decision.ALLOW;
    }
    if (caller.anonymous()) {
      return Decision.CHALLENGE;
    }
    if (allowed.contains(Roles.AUTHENTICATED) || allowed.stream().anyMatch(caller::hasRole)) {
      return Decision.ALLOW;
    }
    return Decision.DENY;
  }

  public boolean allows(Caller caller, Action action, String repository) {
    return decide(caller, action, repository) == Decision.ALLOW;
  }

  private Set<String> allowed(Action action, String repository) {
    return switch (action) {
      // Even with anonymous pull on, GET /v2/ challenges: that is how docker login checks a password.
      case LOGIN -> Set.of(Roles.AUTHENTICATED);
      case SEARCH -> Set.of(anonymousPull ? Roles.ANONYMOUS : Roles.AUTHENTICATED);
      case CATALOG -> Set.of(Roles.ADMIN);
      // Pushing needs blob HEADs and manifest GETs of the same repository, so pushers also pull.
      case PULL -> union(roles(Action.PULL, repository), roles(Action.PUSH, repository));
      case PUSH, DELETE -> roles(action, repository);
    };
  }

  private Set<String> roles(Action action, String repository) {
    for (RepositoryRule rule : rules) {
      if (rule.matches(repository) && rule.roles().containsKey(action)) {
        return rule.roles().get(action);
      }
    }
    return switch (action) {
      case PULL -> anonymousPull ? Set.of(Roles.ANONYMOUS) : Set.of(Roles.READER);
      case PUSH -> Set.of(Roles.WRITER);
      default -> Set.of(Roles.ADMIN);
    };
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
