package org.ufileregistry.manifests.control;

import org.ufileregistry.base.entity.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.ufileregistry.blobs.entity.Descriptor;
import org.ufileregistry.blobs.entity.Digest;
import org.ufileregistry.errors.entity.ErrorCode;
import org.ufileregistry.errors.entity.RegistryException;
import org.ufileregistry.manifests.entity.Manifest;
import org.ufileregistry.manifests.entity.MediaTypes;

/**
 * Turns pushed bytes into a {@link Manifest}, refusing anything that is not a schema 2 / OCI
 * manifest or index with well-formed descriptors. Whether the referenced content exists is
 * checked by the store, not here.
 */
public final class ManifestParser {

  private ManifestParser() {}

  public static Manifest parse(byte[] content, Digest digest, String contentType) {
    JsonObject root = readObject(content);
    String declared = root.containsKey("mediaType") ? string(root, "mediaType", "manifest") : null;
    String header = MediaTypes.essence(contentType);
    if (MediaTypes.isSchema1(declared) || MediaTypes.isSchema1(header) || schemaVersion(root) == 1) {
      throw ErrorCode.MANIFEST_INVALID.with(
          "Docker schema 1 manifests are not supported: push schema 2 or OCI manifests");
    }
    if (schemaVersion(root) != 2) {
      throw ErrorCode.MANIFEST_INVALID.with("schemaVersion must be 2");
    }
    if (declared != null && MediaTypes.isSupported(header) && !declared.equals(header)) {
      throw ErrorCode.MANIFEST_INVALID.with(
          "Content-Type " + header + " does not match the manifest's mediaType " + declared);
    }
    String mediaType = declared != null ? declared : MediaTypes.isSupported(header) ? header : inferred(root);
    if (!MediaTypes.isSupported(mediaType)) {
      throw ErrorCode.MANIFEST_INVALID.with("unsupported manifest media type: " + mediaType);
    }

    List<Descriptor> blobs = new ArrayList<>();
    List<Descriptor> children = new ArrayList<>();
    String artifactType = root.containsKey("artifactType") ? string(root, "artifactType", "manifest") : null;
    if (MediaTypes.isImageManifest(mediaType)) {
      Descriptor config = descriptor(object(root, "config", "manifest"), "config");
      blobs.add(config);
      for (JsonValue layer : array(root, "layers")) {
        Descriptor d = descriptor(asObject(layer, "layers[]"), "layers[]");
        if (!MediaTypes.isForeignLayer(d.mediaType())) {
          blobs.add(d);
        }
      }
      if (artifactType == null) {
        // The referrers API reports an image's config type when it declares no artifactType.
        artifactType = config.mediaType();
      }
    } else {
      for (JsonValue child : array(root, "manifests")) {
        children.add(descriptor(asObject(child, "manifests[]"), "manifests[]"));
      }
    }
    Descriptor subject =
        root.containsKey("subject") && root.get("subject").getValueType() != JsonValue.ValueType.NULL
            ? descriptor(object(root, "subject", "manifest"), "subject")
            : null;
    JsonObject annotations =
        root.containsKey("annotations") ? object(root, "annotations", "manifest") : null;
    Descriptor self = new Descriptor(mediaType, digest, content.length, artifactType, annotations);
    return new Manifest(self, content, List.copyOf(blobs), List.copyOf(children), subject);
  }

  private static String inferred(JsonObject root) {
    if (root.containsKey("manifests")) {
      return MediaTypes.OCI_INDEX;
    }
    if (root.containsKey("config")) {
      return MediaTypes.OCI_MANIFEST;
    }
    throw ErrorCode.MANIFEST_INVALID.with("manifest has no mediaType and no recognisable structure");
  }

  /** Manifests nest a few levels; anything deeper is an attack on the parser's stack. */
  static final int MAX_DEPTH = 32;

  private static JsonObject readObject(byte[] content) {
    requireShallow(content);
    try (var reader = Jsons.createReader(new ByteArrayInputStream(content))) {
      return reader.readObject();
    } catch (JsonException | IllegalStateException | ClassCastException e) {
      throw ErrorCode.MANIFEST_INVALID.with("manifest is not a JSON object");
    }
  }

  private static void requireShallow(byte[] json) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < json.length; i++) {
      byte b = json[i];
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        if (++depth > MAX_DEPTH) {
          throw ErrorCode.MANIFEST_INVALID.with("manifest nests deeper than " + MAX_DEPTH + " levels");
        }
      } else if (b == '}' || b == ']') {
        depth--;
      }
    }
  }

  private static int schemaVersion(JsonObject root) {
    JsonValue v = root.get("schemaVersion");
    if (v instanceof JsonNumber n && n.isIntegral()) {
      return n.intValue();
    }
    throw ErrorCode.MANIFEST_INVALID.with("schemaVersion is missing or not a number");
  }

  private static Descriptor descriptor(JsonObject o, String where) {
    String mediaType = string(o, "mediaType", where);
    Digest digest;
    try {
      digest = Digest.parse(string(o, "digest", where));
    } catch (RegistryException e) {
      throw ErrorCode.MANIFEST_INVALID.with(where + ": " + e.detail());
    }
    JsonValue size = o.get("size");
    if (!(size instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 0) {
      throw ErrorCode.MANIFEST_INVALID.with(where + ": size must be a non-negative integer");
    }
    String artifactType = o.containsKey("artifactType") ? string(o, "artifactType", where) : null;
    JsonObject annotations = o.containsKey("annotations") ? object(o, "annotations", where) : null;
    return new Descriptor(mediaType, digest, n.longValue(), artifactType, annotations);
  }

  private static String string(JsonObject o, String key, String where) {
    if (o.get(key) instanceof JsonString s) {
      return s.getString();
    }
    throw ErrorCode.MANIFEST_INVALID.with(where + ": " + key + " must be a string");
  }

  private static JsonObject object(JsonObject o, String key, String where) {
    return asObject(o.get(key), where + "." + key);
  }

  private static JsonObject asObject(JsonValue v, String where) {
    if (v instanceof JsonObject o) {
      return o;
    }
    throw ErrorCode.MANIFEST_INVALID.with(where + " must be an object");
  }

  private static JsonArray array(JsonObject o, String key) {
    if (o.get(key) instanceof JsonArray a) {
      return a;
    }
    throw ErrorCode.MANIFEST_INVALID.with(key + " must be an array");
  }
}
