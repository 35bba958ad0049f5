package org.ufileregistry.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ufileregistry.api.ManifestsIT.assertError;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.ufileregistry.it.Http;
import org.ufileregistry.it.RegistryClient;
import org.ufileregistry.it.RegistryDeployment;

/**
 * Requests a careless or malicious client sends. Each must get a 4xx with the spec's code, never
 * a 5xx, and nothing may be written outside the storage root.
 */
class HostileRequestsIT extends RegistryDeployment {
  /** Appears in every traversal attempt; no file named with it may appear anywhere. */
  private static final String MARKER = "pwned-" + UUID.randomUUID().toString().substring(0, 8);

  private final Http http = new Http(registry());
  private final RegistryClient client = new RegistryClient(http);

  @Test
  void malformedDigests() {
    for (String bad : List.of("sha256:xyz", "sha256:" + "A".repeat(64), "md5:d41d8cd98f00b204e9800998ecf8427e",
        "sha256:" + "a".repeat(63), "sha256", ":abc", "sha256:" + "a".repeat(64) + "/..")) {
      HttpResponse<byte[]> r = http.get("/v2/hostile/digest/blobs/" + bad.replace("/", "%2F"));
      assertTrue(r.statusCode() == 400 || r.statusCode() == 404, bad + " -> " + r.statusCode());
      assertTrue(r.statusCode() != 400 || Http.text(r).contains("DIGEST_INVALID"), Http.text(r));
    }
    String location = http.post("/v2/hostile/digest/blobs/uploads/").headers().firstValue("Location").orElseThrow();
    assertError(http.put(location + "?digest=sha256:zz", "application/octet-stream", new byte[] {1}), 400, "DIGEST_INVALID");
    assertError(http.put(location, "application/octet-stream", new byte[] {1}), 400, "DIGEST_INVALID");
    assertError(http.send(http.request("/v2/hostile/digest/blobs/uploads/?digest=sha1:abc").POST(HttpRequest.BodyPublishers.noBody())), 400, "DIGEST_INVALID");
  }

  @Test
  void invalidNamesAndTraversal() throws IOException {
    for (String name : List.of("UPPER/case", "a..b", "-lead", "trail-", "a/" + "b".repeat(256), "a/_layers", "%2e%2e/" + MARKER,
        "a/%2e%2e/%2e%2e/" + MARKER, "..%2F..%2F" + MARKER, "a%2F..%2F..%2F" + MARKER, "a%00b", "a%20b")) {
      HttpResponse<byte[]> r = http.post("/v2/" + name + "/blobs/uploads/");
      assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, name + " -> " + r.statusCode() + " " + Http.text(r));
      if (r.statusCode() == 400 && !(refusedByServer(name) && r.headers().firstValue("Docker-Distribution-API-Version").isEmpty())) {
        assertTrue(Http.text(r).contains("NAME_INVALID"), name + " -> " + Http.text(r));
      }
    }
    for (String path : List.of("/v2/../../" + MARKER + "/blobs/uploads/", "/v2/a/../../../" + MARKER + "/blobs/uploads/",
        "/v2/%2e%2e/%2e%2e/" + MARKER + "/blobs/uploads/", "/v2/a/%252e%252e/" + MARKER + "/blobs/uploads/")) {
      String response = http.raw("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", null, 5000);
      int status = Integer.parseInt(response.substring(9, 12));
      assertTrue(status >= 400 && status < 500, path + " -> " + response);
    }
    String uploadTraversal = "/v2/hostile/names/blobs/uploads/..%2F..%2F" + MARKER;
    assertError(http.patch(uploadTraversal, new byte[] {1}, null), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(http.put("/v2/hostile/names/manifests/..%2F" + MARKER, RegistryClient.OCI_MANIFEST, "{}".getBytes()), 400, "TAG_INVALID");
    assertError(http.put("/v2/hostile/names/manifests/" + "t".repeat(129), RegistryClient.OCI_MANIFEST, "{}".getBytes()), 400, "TAG_INVALID");
    // A reference that is no tag names no manifest: lookups are 404, as the conformance suite expects.
    assertError(http.get("/v2/hostile/names/manifests/.INVALID"), 404, "MANIFEST_UNKNOWN");
    assertEquals(404, http.head("/v2/hostile/names/manifests/.INVALID").statusCode());
    assertError(http.delete("/v2/hostile/names/manifests/sha256:nothex"), 404, "MANIFEST_UNKNOWN");
  }

  /**
   * Some servers refuse certain encoded URIs themselves, before any application code runs (Open
   * Liberty: an encoded "/" after "..", and %00): the build lists those name prefixes in {@code
   * it.container.rejects} (space separated). Such a response still must be a 4xx and must not come
   * from the registry; every other input must get the registry's NAME_INVALID.
   */
  private static boolean refusedByServer(String name) {
    for (String prefix : System.getProperty("it.container.rejects", "").split("\\s+")) {
      if (!prefix.isEmpty() && name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  @AfterAll
  static void nothingWasWrittenOutsideTheStorageRoot() throws IOException {
    Path target = Path.of("target").toAbsolutePath();
    Path storage = storageRoot().toPath().toAbsolutePath();
    for (Path dir : List.of(target, Path.of(System.getProperty("java.io.tmpdir")), Path.of("/tmp"))) {
      try (Stream<Path> files = Files.walk(dir, 12)) {
        List<Path> found = files.filter(p -> p.getFileName() != null && p.getFileName().toString().contains(MARKER)).toList();
        assertEquals(List.of(), found, "files named after a traversal attempt");
      } catch (java.io.UncheckedIOException raced) {
        // a file vanished while walking (server temp files); the other roots still count
      }
    }
    try (Stream<Path> files = Files.walk(storage)) {
      for (Path p : files.toList()) {
        assertTrue(p.equals(storage) || storage.relativize(p).startsWith("v2"), "unexpected path in storage: " + p);
      }
    }
  }

  @Test
  void lyingContentLengthIsA4xxAndPublishesNothing() {
    String location = http.post("/v2/hostile/length/blobs/uploads/").headers().firstValue("Location").orElseThrow();
    byte[] body = client.randomBytes(10);
    String digest = RegistryClient.sha256(body);
    // Claims 1000 bytes, sends 10, then closes its side.
    String response = http.raw("PUT " + location + "?digest=" + digest + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
        + "Content-Length: 1000\r\n\r\n", body, 10_000);
    assertTrue(response.startsWith("HTTP/1.1 400"), response);
    assertTrue(response.contains("BLOB_UPLOAD_INVALID"), response);
    assertEquals(404, http.head("/v2/hostile/length/blobs/" + digest).statusCode(), "a truncated body never becomes a blob");
  }

  @Test
  void wrongContentRanges() {
    String location = http.post("/v2/hostile/range/blobs/uploads/").headers().firstValue("Location").orElseThrow();
    assertError(http.patch(location, new byte[10], "garbage"), 416, "RANGE_INVALID");
    assertError(http.patch(location, new byte[10], "5-14"), 416, "RANGE_INVALID");
    assertError(http.patch(location, new byte[10], "9-0"), 416, "RANGE_INVALID");
    assertError(http.patch(location, new byte[10], "0-99"), 400, "SIZE_INVALID");
  }

  @Test
  void rangesPastTheEnd() {
    String digest = client.pushBlob("hostile/ranges", new byte[100]);
    HttpResponse<byte[]> r = http.send(http.request("/v2/hostile/ranges/blobs/" + digest).header("Range", "bytes=100-"));
    assertEquals(416, r.statusCode());
    HttpResponse<byte[]> multi = http.send(http.request("/v2/hostile/ranges/blobs/" + digest).header("Range", "bytes=0-1,5-6"));
    assertEquals(200, multi.statusCode(), "ranges we do not serve get the whole blob");
    HttpResponse<byte[]> huge = http.send(http.request("/v2/hostile/ranges/blobs/" + digest).header("Range", "bytes=99999999999999999999-"));
    assertTrue(huge.statusCode() == 200 || huge.statusCode() == 416, "overflowing range: " + huge.statusCode());
  }

  @Test
  void malformedManifests() {
    String repo = "hostile/manifests";
    byte[] deep = ("[".repeat(200_000) + "]".repeat(200_000)).getBytes(StandardCharsets.US_ASCII);
    assertError(http.put("/v2/" + repo + "/manifests/deep", RegistryClient.OCI_MANIFEST, deep), 400, "MANIFEST_INVALID");
    byte[] deepObject = ("{\"schemaVersion\":2,\"mediaType\":\"" + RegistryClient.OCI_MANIFEST + "\",\"annotations\":"
        + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000) + "}").getBytes(StandardCharsets.US_ASCII);
    assertError(http.put("/v2/" + repo + "/manifests/deep2", RegistryClient.OCI_MANIFEST, deepObject), 400, "MANIFEST_INVALID");
    assertError(http.put("/v2/" + repo + "/manifests/empty", RegistryClient.OCI_MANIFEST, new byte[0]), 400, "MANIFEST_INVALID");
    assertError(http.put("/v2/" + repo + "/manifests/nul", RegistryClient.OCI_MANIFEST, new byte[] {0, 0, 0}), 400, "MANIFEST_INVALID");
    assertError(http.put("/v2/" + repo + "/manifests/badsize", RegistryClient.OCI_MANIFEST,
        ("{\"schemaVersion\":2,\"mediaType\":\"" + RegistryClient.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\"x\",\"digest\":\""
            + RegistryClient.sha256(new byte[0]) + "\",\"size\":-1},\"layers\":[]}").getBytes()), 400, "MANIFEST_INVALID");
    assertError(http.put("/v2/" + repo + "/manifests/unknowntype", "text/plain", "{\"schemaVersion\":2}".getBytes()), 400, "MANIFEST_INVALID");
  }

  @Test
  void unknownEndpointsAndMethods() {
    HttpResponse<byte[]> r = http.get("/v2/hostile/x/nothing-here");
    assertEquals(404, r.statusCode());
    HttpResponse<byte[]> method = http.send(http.request("/v2/hostile/x/tags/list").DELETE());
    assertEquals(405, method.statusCode());
    assertTrue(Http.text(method).contains("UNSUPPORTED"), Http.text(method));
  }

  @Test
  void tlsClientHelloOnThePlainPortIsAnsweredPromptly() throws IOException {
    // skopeo's real first bytes (captured from skopeo 1.9 against a listening socket): docker,
    // skopeo and podman try TLS first and fall back to HTTP only once the registry answers.
    String hex;
    try (var in = getClass().getResourceAsStream("/tls/skopeo-clienthello.hex")) {
      hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
    }
    byte[] hello = java.util.HexFormat.of().parseHex(hex);
    long start = System.nanoTime();
    String answer = http.raw(new String(hello, StandardCharsets.ISO_8859_1), null, 5000);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 2000, "took " + millis + " ms: " + answer);
    assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
  }
}
