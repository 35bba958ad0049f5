package org.ufileregistry.security.entity;

import java.util.Locale;

/** What a request does, as far as access control cares. */
public enum Action {
  /** {@code GET /v2/}: clients ask it first to learn whether and how to authenticate. */
  LOGIN,
  /** Read manifests, blobs, tags and referrers of one repository. */
  PULL,
  /** Upload blobs and put manifests into one repository. */
  PUSH,
  /** Delete manifests, tags and blobs of one repository. */
  DELETE,
  /** List every repository ({@code /v2/_catalog}). */
  CATALOG,
  /** {@code /v1/search}: answers only with repositories the caller may pull. */
  SEARCH;

  /** The name operators write in {@code registry.auth.rules}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
