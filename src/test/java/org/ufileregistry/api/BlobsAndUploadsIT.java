package org.ufileregistry.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ufileregistry.it.Http;
import org.ufileregistry.it.RegistryClient;
import org.ufileregistry.it.RegistryDeployment;

/** Blob pulls and every way of pushing a blob, as the spec describes them. */
class BlobsAndUploadsIT extends RegistryDeployment {
  private final Http http = new Http(registry());
  private final RegistryClient client = new RegistryClient(http);

  @Test
  void apiVersionCheck() {
    HttpResponse<byte[]> r = http.get("/v2/");
    assertEquals(200, r.statusCode());
    assertEquals("registry/2.0", r.headers().firstValue("Docker-Distribution-API-Version").orElse(null));
  }

  @Test
  void monolithicPostWithDigestStoresTheBlob() {
    byte[] blob = client.randomBytes(70_000);
    String digest = RegistryClient.sha256(blob);
    HttpResponse<byte[]> r =
        http.send(http.request("/v2/blobs/mono/blobs/uploads/?digest=" + digest)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(blob)));
    assertEquals(201, r.statusCode(), Http.text(r));
    assertEquals("/v2/blobs/mono/blobs/" + digest, r.headers().firstValue("Location").orElseThrow());
    HttpResponse<byte[]> get = http.get("/v2/blobs/mono/blobs/" + digest);
    assertEquals(200, get.statusCode());
    assertArrayEquals(blob, get.body());
    assertEquals(digest, get.headers().firstValue("Docker-Content-Digest").orElseThrow());
  }

  @Test
  void chunkedUploadInOrderThenStatusThenPut() {
    byte[] blob = client.randomBytes(3_000_000);
    String digest = RegistryClient.sha256(blob);
    String location = http.post("/v2/blobs/chunked/blobs/uploads/").headers().firstValue("Location").orElseThrow();
    HttpResponse<byte[]> first = http.patch(location, Arrays.copyOfRange(blob, 0, 1_000_000), "0-999999");
    assertEquals(202, first.statusCode(), Http.text(first));
    assertEquals("0-999999", first.headers().firstValue("Range").orElseThrow());
    location = first.headers().firstValue("Location").orElseThrow();

    HttpResponse<byte[]> outOfOrder = http.patch(location, Arrays.copyOfRange(blob, 2_000_000, 3_000_000), "2000000-2999999");
    assertEquals(416, outOfOrder.statusCode(), "a chunk that skips bytes is refused");

    HttpResponse<byte[]> status = http.get(location);
    assertEquals(204, status.statusCode());
    assertEquals("0-999999", status.headers().firstValue("Range").orElseThrow(), "the refused chunk stored nothing");

    HttpResponse<byte[]> second = http.patch(location, Arrays.copyOfRange(blob, 1_000_000, 2_000_000), "1000000-1999999");
    assertEquals(202, second.statusCode());
    HttpResponse<byte[]> put =
        http.send(http.request(second.headers().firstValue("Location").orElseThrow() + "?digest=" + digest)
            .header("Content-Type", "application/octet-stream")
            .header("Content-Range", "2000000-2999999")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(blob, 2_000_000, 3_000_000))));
    assertEquals(201, put.statusCode(), Http.text(put));
    assertArrayEquals(blob, http.get("/v2/blobs/chunked/blobs/" + digest).body());
  }

  @Test
  void streamedPatchWithChunkedTransferEncodingThenEmptyPut() {
    byte[] blob = client.randomBytes(5_000_000);
    String digest = RegistryClient.sha256(blob);
    String location = http.post("/v2/blobs/streamed/blobs/uploads/").headers().firstValue("Location").orElseThrow();
    // ofInputStream has no known length, so the JDK client sends Transfer-Encoding: chunked.
    HttpResponse<byte[]> patch =
        http.send(http.request(location).method("PATCH",
            HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(blob))));
    assertEquals(202, patch.statusCode(), Http.text(patch));
    assertEquals("0-4999999", patch.headers().firstValue("Range").orElseThrow());
    HttpResponse<byte[]> put =
        http.send(http.request(patch.headers().firstValue("Location").orElseThrow() + "?digest=" + digest)
            .PUT(HttpRequest.BodyPublishers.noBody()));
    assertEquals(201, put.statusCode(), Http.text(put));
    HttpResponse<byte[]> head = http.head("/v2/blobs/streamed/blobs/" + digest);
    assertEquals(200, head.statusCode());
    assertEquals("5000000", head.headers().firstValue("Content-Length").orElseThrow());
  }

  @Test
  void emptyBlobCanBePushedAndPulled() {
    String digest = client.pushBlob("blobs/empty", new byte[0]);
    HttpResponse<byte[]> get = http.get("/v2/blobs/empty/blobs/" + digest);
    assertEquals(200, get.statusCode());
    assertEquals(0, get.body().length);
  }

  @Test
  void wrongDigestIsRefusedAndNothingIsPublished() {
    byte[] blob = client.randomBytes(1000);
    String wrong = RegistryClient.sha256(new byte[] {1});
    String location = http.post("/v2/blobs/wrong/blobs/uploads/").headers().firstValue("Location").orElseThrow();
    HttpResponse<byte[]> put = http.put(location + "?digest=" + wrong, "application/octet-stream", blob);
    assertEquals(400, put.statusCode());
    assertTrue(Http.text(put).contains("DIGEST_INVALID"), Http.text(put));
    assertEquals(404, http.head("/v2/blobs/wrong/blobs/" + wrong).statusCode());
    assertEquals(404, http.head("/v2/blobs/wrong/blobs/" + RegistryClient.sha256(blob)).statusCode());
  }

  @Test
  void rangesAreServed() {
    byte[] blob = client.randomBytes(10_000);
    String digest = client.pushBlob("blobs/ranges", blob);
    String path = "/v2/blobs/ranges/blobs/" + digest;
    HttpResponse<byte[]> part = http.send(http.request(path).header("Range", "bytes=100-199"));
    assertEquals(206, part.statusCode());
    assertEquals("bytes 100-199/10000", part.headers().firstValue("Content-Range").orElseThrow());
    assertArrayEquals(Arrays.copyOfRange(blob, 100, 200), part.body());
    HttpResponse<byte[]> open = http.send(http.request(path).header("Range", "bytes=9990-"));
    assertArrayEquals(Arrays.copyOfRange(blob, 9990, 10_000), open.body());
    HttpResponse<byte[]> suffix = http.send(http.request(path).header("Range", "bytes=-5"));
    assertArrayEquals(Arrays.copyOfRange(blob, 9995, 10_000), suffix.body());
    HttpResponse<byte[]> past = http.send(http.request(path).header("Range", "bytes=10000-20000"));
    assertEquals(416, past.statusCode());
    assertEquals("bytes */10000", past.headers().firstValue("Content-Range").orElseThrow());
  }

  @Test
  void crossRepositoryMountAndFallback() {
    byte[] blob = client.randomBytes(2000);
    String digest = client.pushBlob("blobs/source", blob);
    HttpResponse<byte[]> mounted = http.post("/v2/blobs/target/blobs/uploads/?mount=" + digest + "&from=blobs/source");
    assertEquals(201, mounted.statusCode(), Http.text(mounted));
    assertEquals("/v2/blobs/target/blobs/" + digest, mounted.headers().firstValue("Location").orElseThrow());
    assertArrayEquals(blob, http.get("/v2/blobs/target/blobs/" + digest).body());

    String unknown = RegistryClient.sha256(client.randomBytes(10));
    HttpResponse<byte[]> fallback = http.post("/v2/blobs/target/blobs/uploads/?mount=" + unknown + "&from=blobs/source");
    assertEquals(202, fallback.statusCode(), "an unmountable blob starts an ordinary upload");
    assertTrue(fallback.headers().firstValue("Location").orElseThrow().startsWith("/v2/blobs/target/blobs/uploads/"));

    HttpResponse<byte[]> notInSource = http.post("/v2/blobs/other/blobs/uploads/?mount=" + digest + "&from=blobs/never");
    assertEquals(202, notInSource.statusCode(), "a blob is only mounted from a repository that has it");
  }

  @Test
  void cancelledUploadIsGone() {
    String location = http.post("/v2/blobs/cancel/blobs/uploads/").headers().firstValue("Location").orElseThrow();
    http.patch(location, client.randomBytes(100), null);
    assertEquals(204, http.delete(location).statusCode());
    HttpResponse<byte[]> status = http.get(location);
    assertEquals(404, status.statusCode());
    assertTrue(Http.text(status).contains("BLOB_UPLOAD_UNKNOWN"));
  }

  @Test
  void deletedBlobIsUnknownInThatRepositoryOnly() {
    byte[] blob = client.randomBytes(500);
    String digest = client.pushBlob("blobs/del-a", blob);
    client.pushBlob("blobs/del-b", blob);
    assertEquals(202, http.delete("/v2/blobs/del-a/blobs/" + digest).statusCode());
    HttpResponse<byte[]> gone = http.get("/v2/blobs/del-a/blobs/" + digest);
    assertEquals(404, gone.statusCode());
    assertTrue(Http.text(gone).contains("BLOB_UNKNOWN"));
    assertArrayEquals(blob, http.get("/v2/blobs/del-b/blobs/" + digest).body());
    assertEquals(404, http.delete("/v2/blobs/del-a/blobs/" + digest).statusCode());
  }

  @Test
  void concurrentPushesOfTheSameBlobAllSucceed() throws Exception {
    byte[] blob = client.randomBytes(4_000_000);
    String digest = RegistryClient.sha256(blob);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      var futures = new java.util.ArrayList<java.util.concurrent.Future<String>>();
      for (int i = 0; i < 6; i++) {
        String repo = "blobs/concurrent" + (i % 2);
        futures.add(pool.submit(() -> client.pushBlob(repo, blob)));
      }
      for (var f : futures) {
        assertEquals(digest, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertArrayEquals(blob, http.get("/v2/blobs/concurrent0/blobs/" + digest).body());
    assertArrayEquals(blob, http.get("/v2/blobs/concurrent1/blobs/" + digest).body());
  }
}
