package org.ufileregistry.security.entity;

import java.util.function.Predicate;

/**
 * Who sent a request: a user the server's realm accepted (with the realm's answer to "is this
 * user in role X?"), or nobody.
 */
public record Caller(String user, Predicate<String> inRole) {
  public static final Caller ANONYMOUS = new Caller(null, role -> false);

  public boolean anonymous() {
    return user == null;
  }

  public boolean hasRole(String role) {
    return !anonymous() && inRole.test(role);
  }
}
