package org.ufileregistry.ufile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * UFile storage deployed with {@code registry.storage.redirect=true} and {@code ufile.retries=0}
 * (the "ufile-variant" failsafe run): pulls are redirected to signed UFile URLs, and without
 * retries a UFile failure reaches the client as a clean 503.
 */
class RedirectAndNoRetryUFileIT extends RegistryDeployment {
  private final Http http = new Http(registry());
  private final RegistryClient client = new RegistryClient(http);
  private final Http ufile = new Http(URI.create(System.getProperty("it.ufile.baseurl", "http://127.0.0.1:19700") + "/"));

  @AfterEach
  void clearFaults() {
    ufile.send(ufile.request("__fake/faults").POST(HttpRequest.BodyPublishers.noBody()));
  }

  @Test
  void blobPullsAreRedirectedToASignedUFileUrl() {
    byte[] blob = client.randomBytes(6 * 1024 * 1024);
    String digest = client.pushBlob("variant/redirect", blob);
    HttpResponse<byte[]> redirect = http.get("/v2/variant/redirect/blobs/" + digest);
    assertEquals(307, redirect.statusCode(), Http.text(redirect));
    String location = redirect.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith(System.getProperty("it.ufile.baseurl", "http://127.0.0.1:19700") + "/"), location);
    assertTrue(location.contains("Signature=") && location.contains("Expires="), location);
    ufile.post("__fake/reset");
    HttpResponse<byte[]> fromUFile = ufile.send(ufile.request(location).GET());
    assertEquals(200, fromUFile.statusCode());
    assertArrayEquals(blob, fromUFile.body(), "the bytes come from UFile, not the app server");
    String stats = Http.text(ufile.get("__fake/stats"));
    assertTrue(stats.contains("\"GetFile\""), stats);
  }

  @Test
  void withoutRetriesAUFileFailureIsAClean503() {
    byte[] blob = client.randomBytes(9 * 1024 * 1024);
    HttpResponse<byte[]> start = http.post("/v2/variant/noretry/blobs/uploads/");
    ufile.send(ufile.request("__fake/faults?failNext=UploadPart:UNAVAILABLE:1").POST(HttpRequest.BodyPublishers.noBody()));
    HttpResponse<byte[]> patch = http.send(http.request(start.headers().firstValue("Location").orElseThrow())
        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(blob)));
    assertEquals(503, patch.statusCode(), Http.text(patch));
    assertTrue(Http.text(patch).contains("\"code\":\"UNAVAILABLE\""), Http.text(patch));
    // The client's own retry, with UFile healthy again, goes through.
    client.pushBlob("variant/noretry", blob);
  }
}
