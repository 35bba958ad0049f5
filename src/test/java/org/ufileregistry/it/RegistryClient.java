package org.ufileregistry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Pushes test content the way clients do, asserting each step succeeded. */
public final class RegistryClient {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

  private final Http http;
  private final Random random = new Random();

  public RegistryClient(Http http) {
    this.http = http;
  }

  public static String sha256(byte[] content) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** POST then a single PUT carrying the blob: ctr's way. */
  public String pushBlob(String repo, byte[] content) {
    String digest = sha256(content);
    HttpResponse<byte[]> start = http.post("/v2/" + repo + "/blobs/uploads/");
    assertEquals(202, start.statusCode(), Http.text(start));
    String location = start.headers().firstValue("Location").orElseThrow();
    HttpResponse<byte[]> put =
        http.put(location + (location.contains("?") ? "&" : "?") + "digest=" + digest, "application/octet-stream", content);
    assertEquals(201, put.statusCode(), Http.text(put));
    return digest;
  }

  public String descriptor(String mediaType, String digest, long size) {
    return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
  }

  /** An image manifest over freshly pushed config and layers; returns its JSON. */
  public String imageManifest(String repo, int layers, int layerSize) {
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"x\":\"" + random.nextLong() + "\"}").getBytes(StandardCharsets.UTF_8);
    String configDigest = pushBlob(repo, config);
    StringBuilder layerList = new StringBuilder();
    for (int i = 0; i < layers; i++) {
      byte[] layer = randomBytes(layerSize);
      String d = pushBlob(repo, layer);
      layerList.append(i == 0 ? "" : ",").append(descriptor(OCI_LAYER, d, layer.length));
    }
    return "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":"
        + descriptor(OCI_CONFIG, configDigest, config.length) + ",\"layers\":[" + layerList + "]}";
  }

  /** PUTs a manifest and returns its digest. */
  public String pushManifest(String repo, String reference, String mediaType, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> r = http.put("/v2/" + repo + "/manifests/" + reference, mediaType, body);
    assertEquals(201, r.statusCode(), Http.text(r));
    assertEquals(sha256(body), r.headers().firstValue("Docker-Content-Digest").orElseThrow());
    return sha256(body);
  }

  public String index(List<String> manifestDescriptors) {
    return "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[" + String.join(",", manifestDescriptors) + "]}";
  }
}
