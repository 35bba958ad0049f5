package org.ufileregistry.blobs.entity;

import org.ufileregistry.base.entity.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * An OCI content descriptor: what a link file in storage records about a manifest or blob, and
 * what the referrers API lists. {@code artifactType} and {@code annotations} may be null.
 */
public record Descriptor(
    String mediaType, Digest digest, long size, String artifactType, JsonObject annotations) {

  public Descriptor(String mediaType, Digest digest, long size) {
    this(mediaType, digest, size, null, null);
  }

  public JsonObject toJson() {
    JsonObjectBuilder b =
        Jsons.createObjectBuilder()
            .add("mediaType", mediaType)
            .add("digest", digest.toString())
            .add("size", size);
    if (artifactType != null) {
      b.add("artifactType", artifactType);
    }
    if (annotations != null && !annotations.isEmpty()) {
      b.add("annotations", annotations);
    }
    return b.build();
  }

  public byte[] toBytes() {
    return toJson().toString().getBytes(StandardCharsets.UTF_8);
  }

  public static Descriptor fromBytes(byte[] json) {
    try (var reader = Jsons.createReader(new StringReader(new String(json, StandardCharsets.UTF_8)))) {
      JsonObject o = reader.readObject();
      return new Descriptor(
          o.getString("mediaType"),
          Digest.parse(o.getString("digest")),
          o.getJsonNumber("size").longValueExact(),
          o.getString("artifactType", null),
          o.containsKey("annotations") ? o.getJsonObject("annotations") : null);
    }
  }

}
