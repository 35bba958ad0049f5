package org.ufileregistry.e2e;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * An OCI image layout on disk (oci-layout, index.json, blobs/sha256/*), written by hand so the
 * tests need no network and no image builder. Every layer is fresh random bytes: no two runs and
 * no two tests share a blob, so a passing push can never be a leftover from an earlier one.
 */
final class OciLayout {

  static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String INDEX = "application/vnd.oci.image.index.v1+json";
  static final String CONFIG = "application/vnd.oci.image.config.v1+json";
  static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
  private static final String REF_NAME = "org.opencontainers.image.ref.name";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A content-addressed blob and the descriptor that points at it. */
  record Blob(String mediaType, String digest, byte[] bytes) {
    long size() {
      return bytes.length;
    }

    String hex() {
      return digest.substring("sha256:".length());
    }

    JsonObjectBuilder descriptor() {
      return Json.createObjectBuilder().add("mediaType", mediaType).add("digest", digest).add("size", size());
    }
  }

  /** A single-platform image; {@code diffId} is the sha256 of the uncompressed layer tar. */
  record Image(String architecture, Blob manifest, Blob config, Blob layer, byte[] layerTar, String diffId) {}

  /** An image index and the images it lists, in order. */
  record MultiArch(Blob index, List<Image> images) {
    Image image(String architecture) {
      return images.stream().filter(i -> i.architecture().equals(architecture)).findFirst().orElseThrow();
    }
  }

  private final Path dir;
  private JsonArrayBuilder refs = Json.createArrayBuilder();

  private OciLayout(Path dir) {
    this.dir = dir;
  }

  static OciLayout create(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    OciLayout layout = new OciLayout(dir);
    layout.writeIndexJson(Json.createArrayBuilder().build());
    return layout;
  }

  Path dir() {
    return dir;
  }

  /** skopeo/podman transport reference for a ref stored in this layout. */
  String ociRef(String ref) {
    return "oci:" + dir + ":" + ref;
  }

  /** One image whose single layer holds {@code layerSize} random bytes in /data/&lt;arch&gt;.bin. */
  Image addImage(String architecture, int layerSize) throws IOException {
    byte[] payload = new byte[layerSize];
    RANDOM.nextBytes(payload);
    byte[] layerTar = new Tar().directory("data").file("data/" + architecture + ".bin", payload).finish();
    String diffId = sha256(layerTar);
    Blob layer = put(LAYER, gzip(layerTar));

    JsonObject config = Json.createObjectBuilder()
        .add("created", "2026-01-01T00:00:00Z")
        .add("architecture", architecture)
        .add("os", "linux")
        .add("config", Json.createObjectBuilder()
            .add("Env", Json.createArrayBuilder().add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"))
            .add("Cmd", Json.createArrayBuilder().add("/data")))
        .add("rootfs", Json.createObjectBuilder()
            .add("type", "layers")
            .add("diff_ids", Json.createArrayBuilder().add(diffId)))
        .add("history", Json.createArrayBuilder().add(Json.createObjectBuilder()
            .add("created", "2026-01-01T00:00:00Z")
            .add("created_by", "ufile-registry e2e test")))
        .build();
    Blob configBlob = put(CONFIG, bytes(config));

    JsonObject manifest = Json.createObjectBuilder()
        .add("schemaVersion", 2)
        .add("mediaType", MANIFEST)
        .add("config", configBlob.descriptor())
        .add("layers", Json.createArrayBuilder().add(layer.descriptor()))
        .build();
    Blob manifestBlob = put(MANIFEST, bytes(manifest));
    return new Image(architecture, manifestBlob, configBlob, layer, layerTar, diffId);
  }

  MultiArch addIndex(Image... images) throws IOException {
    JsonArrayBuilder manifests = Json.createArrayBuilder();
    for (Image image : images) {
      manifests.add(image.manifest().descriptor()
          .add("platform", Json.createObjectBuilder().add("architecture", image.architecture()).add("os", "linux")));
    }
    JsonObject index = Json.createObjectBuilder()
        .add("schemaVersion", 2)
        .add("mediaType", INDEX)
        .add("manifests", manifests)
        .build();
    return new MultiArch(put(INDEX, bytes(index)), List.of(images));
  }

  /** Names a manifest or index in index.json, which is how oci: references and OCI archives find it. */
  OciLayout tag(String ref, Blob target) throws IOException {
    refs.add(target.descriptor().add("annotations", Json.createObjectBuilder().add(REF_NAME, ref)));
    JsonArray built = refs.build();
    refs = Json.createArrayBuilder(built);
    writeIndexJson(built);
    return this;
  }

  /** The whole layout as a tar, the OCI archive form that {@code ctr images import} reads. */
  byte[] archive() throws IOException {
    return new Tar().tree(dir).finish();
  }

  byte[] blob(String digest) throws IOException {
    return Files.readAllBytes(dir.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())));
  }

  /** The descriptor index.json holds for {@code ref}, as written by us or by a client. */
  static Optional<JsonObject> refDescriptor(Path layoutDir, String ref) throws IOException {
    JsonObject index = json(Files.readAllBytes(layoutDir.resolve("index.json")));
    return index.getJsonArray("manifests").getValuesAs(JsonObject.class).stream()
        .filter(d -> d.containsKey("annotations")
            && ref.equals(d.getJsonObject("annotations").getString(REF_NAME, null)))
        .findFirst();
  }

  private void writeIndexJson(JsonArray manifests) throws IOException {
    JsonObject index = Json.createObjectBuilder()
        .add("schemaVersion", 2)
        .add("mediaType", INDEX)
        .add("manifests", manifests)
        .build();
    Files.write(dir.resolve("index.json"), bytes(index));
  }

  private Blob put(String mediaType, byte[] content) throws IOException {
    Blob blob = new Blob(mediaType, sha256(content), content);
    Files.write(dir.resolve("blobs/sha256").resolve(blob.hex()), content);
    return blob;
  }

  static String sha256(byte[] content) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonObject json(byte[] content) {
    try (JsonReader r = Json.createReader(new StringReader(new String(content, StandardCharsets.UTF_8)))) {
      return r.readObject();
    }
  }

  static JsonValue jsonValue(String content) {
    try (JsonReader r = Json.createReader(new StringReader(content))) {
      return r.readValue();
    }
  }

  private static byte[] bytes(JsonObject o) {
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] content) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }
}
