package org.ufileregistry.manifests.entity;

import org.ufileregistry.blobs.entity.Digest;
import org.ufileregistry.repositories.entity.Tag;

/** What follows {@code /manifests/} in a URL: either a tag or a digest. */
public record Reference(Tag tag, Digest digest) {

  public static Reference parse(String value) {
    return Digest.looksLikeDigest(value)
        ? new Reference(null, Digest.parse(value))
        : new Reference(Tag.parse(value), null);
  }

  public boolean isDigest() {
    return digest != null;
  }

  @Override
  public String toString() {
    return isDigest() ? digest.toString() : tag.value();
  }
}
