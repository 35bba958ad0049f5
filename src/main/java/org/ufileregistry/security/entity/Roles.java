package org.ufileregistry.security.entity;

/**
 * The roles web.xml declares. Operators put users in the server realm's groups of the same names;
 * each role includes the rights of the ones before it.
 */
public final class Roles {
  public static final String READER = "registry-reader";
  public static final String WRITER = "registry-writer";
  public static final String ADMIN = "registry-admin";

  /** In {@code registry.auth.rules}: everyone, without credentials too. */
  public static final String ANONYMOUS = "anonymous";
  /** In {@code registry.auth.rules}: any user the realm accepted. */
  public static final String AUTHENTICATED = "authenticated";

  private Roles() {}
}
