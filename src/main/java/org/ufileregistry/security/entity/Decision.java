package org.ufileregistry.security.entity;

/** The outcome of an access check. */
public enum Decision {
  ALLOW,
  /** Nobody signed in and signing in could help: 401 with a challenge. */
  CHALLENGE,
  /** Signed in, and this user may not: 403 DENIED. */
  DENY
}
