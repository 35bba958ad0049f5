package org.ufileregistry.manifests.entity;

import org.ufileregistry.blobs.entity.Digest;
import org.ufileregistry.errors.entity.ErrorCode;
import org.ufileregistry.errors.entity.RegistryException;
import org.ufileregistry.repositories.entity.Tag;

/** What follows {@code /manifests/} in a URL: either a tag or a digest. */
public record Reference(Tag tag, Digest digest) {

  public static Reference parse(String value) {
    return Digest.looksLikeDigest(value)
        ? new Reference(null, Digest.parse(value))
        : new Reference(Tag.parse(value), null);
  }

  /**
   * Parses a reference to look a manifest up: a string that is neither a tag nor a digest can
   * name no stored manifest, so it is MANIFEST_UNKNOWN (404) rather than a syntax error.
   */
  public static Reference lookup(String value) {
    try {
      return parse(value);
    } catch (RegistryException e) {
      throw ErrorCode.MANIFEST_UNKNOWN.with(e.detail());
    }
  }

  public boolean isDigest() {
    return digest != null;
  }

  @Override
  public String toString() {
    return isDigest() ? digest.toString() : tag.value();
  }
}
