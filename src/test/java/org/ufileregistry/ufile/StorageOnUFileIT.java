package org.ufileregistry.ufile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ufileregistry.it.Http;
import org.ufileregistry.it.RegistryClient;
import org.ufileregistry.it.RegistryDeployment;

/**
 * The registry in WildFly with {@code registry.storage=ufile}, against the UFile stand-in the build
 * starts (its admin endpoint injects faults and tells what reached the bucket). Runs only in the
 * "ufile" failsafe execution.
 */
class StorageOnUFileIT extends RegistryDeployment {
  private final Http http = new Http(registry());
  private final Http ufile = new Http(URI.create(System.getProperty("it.ufile.baseurl", "http://127.0.0.1:19700") + "/"));
  /** The server's readiness endpoint: WildFly serves it on the management port, others set it. */
  private final String readiness = System.getProperty("it.health.url",
      "http://127.0.0.1:" + System.getProperty("it.management.port", "19990") + "/health/ready");
  private final Http management = new Http(URI.create(readiness));

  @AfterEach
  void clearFaults() {
    ufile.send(ufile.request("__fake/faults").POST(HttpRequest.BodyPublishers.noBody()));
  }

  private void faults(String query) {
    HttpResponse<byte[]> r = ufile.send(ufile.request("__fake/faults?" + query).POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, r.statusCode(), Http.text(r));
  }

  /** Pushes like docker (one streamed PATCH, then an empty PUT) and pulls it back. */
  private void pushAndPull(String repo, byte[] blob) {
    String digest = RegistryClient.sha256(blob);
    HttpResponse<byte[]> start = http.post("/v2/" + repo + "/blobs/uploads/");
    assertEquals(202, start.statusCode(), Http.text(start));
    HttpResponse<byte[]> patch = http.send(http.request(start.headers().firstValue("Location").orElseThrow())
        .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(blob))));
    assertEquals(202, patch.statusCode(), Http.text(patch));
    HttpResponse<byte[]> put = http.send(http.request(patch.headers().firstValue("Location").orElseThrow() + "?digest=" + digest)
        .PUT(HttpRequest.BodyPublishers.noBody()));
    assertEquals(201, put.statusCode(), Http.text(put));
    HttpResponse<byte[]> get = http.get("/v2/" + repo + "/blobs/" + digest);
    assertEquals(200, get.statusCode());
    assertArrayEquals(blob, get.body());
  }

  @Test
  void blobsLiveInTheBucketAndAreCommittedWithoutCopying() {
    byte[] blob = new byte[20 * 1024 * 1024 + 17];
    new Random(1).nextBytes(blob);
    ufile.post("__fake/reset");
    pushAndPull("ufile/layers", blob);
    String digest = RegistryClient.sha256(blob);
    String objects = Http.text(ufile.get("__fake/objects"));
    assertTrue(objects.contains("\"key\":\"registry/v2/blobs/sha256/" + digest.substring(7, 9) + "/" + digest.substring(7) + "/data\""), objects);
    assertTrue(objects.contains("\"size\":" + blob.length), objects);
    assertFalse(objects.contains("_uploads"), "no upload state is left in the bucket: " + objects);
    String stats = Http.text(ufile.get("__fake/stats"));
    assertTrue(stats.matches("(?s).*\"FinishMultipartUpload\"\\s*:\\s*1\\b.*"), stats);
    assertFalse(stats.matches("(?s).*\"CopyFile\"\\s*:\\s*[1-9].*"), "a commit never copies: " + stats);
  }

  @Test
  void pushAndPullSurviveFlakyUFile() {
    byte[] blob = new byte[40 * 1024 * 1024 + 3];
    new Random(2).nextBytes(blob);
    faults("error503Rate=0.05&resetRate=0.01&seed=11");
    pushAndPull("ufile/flaky", blob);
    String requests = Http.text(ufile.get("__fake/stats"));
    assertTrue(requests.length() > 0);
  }

  @Test
  void failedPartUploadsAreRetried() {
    byte[] blob = new byte[9 * 1024 * 1024];
    new Random(3).nextBytes(blob);
    ufile.post("__fake/reset");
    faults("failNext=UploadPart:UNAVAILABLE:2");
    pushAndPull("ufile/retried", blob);
    String requests = Http.text(ufile.get("__fake/requests"));
    int refused = requests.split("\"operation\":\"UploadPart\"[^}]*\"status\":503", -1).length - 1;
    assertEquals(2, refused, "the two 503s reached the registry, which retried: " + requests);
  }

  @Test
  void readsCutOffMidBodyAreRetried() {
    byte[] blob = new byte[6 * 1024 * 1024 + 1];
    new Random(4).nextBytes(blob);
    ufile.post("__fake/reset");
    // The next GetFile answers (writer state, links, the blob) break off halfway through the body.
    faults("failNext=GetFile:RESET:3");
    pushAndPull("ufile/cut-off", blob);
    String requests = Http.text(ufile.get("__fake/requests"));
    assertTrue(requests.contains("\"fault\":\"RESET\""), "the faults were injected: " + requests);
  }

  @Test
  void readinessFollowsUFile() throws InterruptedException {
    assertEquals(200, management.get(readiness).statusCode(), Http.text(management.get(readiness)));
    faults("error503Rate=1.0");
    HttpResponse<byte[]> down = waitForReadiness(503);
    assertTrue(Http.text(down).contains("\"storage\""), Http.text(down));
    clearFaults();
    waitForReadiness(200);
  }

  private HttpResponse<byte[]> waitForReadiness(int status) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    HttpResponse<byte[]> r;
    do {
      r = management.get(readiness);
      if (r.statusCode() == status) {
        return r;
      }
      Thread.sleep(500);
    } while (System.currentTimeMillis() < deadline);
    assertEquals(status, r.statusCode(), Http.text(r));
    return r;
  }
}
