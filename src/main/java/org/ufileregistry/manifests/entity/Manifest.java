package org.ufileregistry.manifests.entity;

import java.util.List;
import org.ufileregistry.blobs.entity.Descriptor;

/**
 * A parsed and structurally valid manifest or index, with what the registry must check and
 * record about it: the blobs it needs, the child manifests it lists, and its subject. The
 * descriptor carries the artifact type and annotations that the referrers API lists.
 */
public record Manifest(
    Descriptor descriptor,
    byte[] content,
    List<Descriptor> blobs,
    List<Descriptor> children,
    Descriptor subject) {

  public String mediaType() {
    return descriptor.mediaType();
  }

}
