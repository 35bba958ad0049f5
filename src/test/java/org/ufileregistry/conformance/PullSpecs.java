package org.ufileregistry.conformance;

// Ports conformance/01_pull_test.go (opencontainers/distribution-spec @ 47008ca), context "Pull".

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ufileregistry.conformance.ConformanceSetup.*;
import static org.ufileregistry.conformance.RegistryClient.withDigest;
import static org.ufileregistry.conformance.RegistryClient.withReference;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.ufileregistry.conformance.RegistryClient.ErrorInfo;
import org.ufileregistry.conformance.RegistryClient.Response;

/** The pull workflow; orders 100-199. */
abstract class PullSpecs extends ConformanceBase {

  private static String tag = "";

  // ---- Setup ----

  @Test
  @Order(101)
  @DisplayName("Populate registry with test blob")
  void pullSetupPushConfig0() throws Exception {
    skipIfDisabled(PULL);
    runOnlyIf(runPullSetup);
    uploadMonolithic(configs.get(0).digest(), configs.get(0).contentLength(),
        configs.get(0).content());
  }

  @Test
  @Order(102)
  @DisplayName("Populate registry with test blob")
  void pullSetupPushConfig1() throws Exception {
    skipIfDisabled(PULL);
    runOnlyIf(runPullSetup);
    uploadMonolithic(configs.get(1).digest(), configs.get(1).contentLength(),
        configs.get(1).content());
  }

  @Test
  @Order(103)
  @DisplayName("Populate registry with test layer")
  void pullSetupPushLayer() throws Exception {
    skipIfDisabled(PULL);
    runOnlyIf(runPullSetup);
    uploadMonolithic(layerBlobDigest, layerBlobContentLength, layerBlobData);
  }

  @Test
  @Order(104)
  @DisplayName("Populate registry with test manifest")
  void pullSetupPushManifest0ByTag() throws Exception {
    skipIfDisabled(PULL);
    runOnlyIf(runPullSetup);
    tag = TEST_TAG_NAME;
    Response resp = send(newRequest(PUT, "/v2/<name>/manifests/<reference>", withReference(tag))
        .setHeader("Content-Type", MANIFEST_MEDIA_TYPE)
        .setBody(manifests.get(0).content()));
    expect2xx(resp);
  }

  @Test
  @Order(105)
  @DisplayName("Populate registry with test manifest")
  void pullSetupPushManifest1ByDigest() throws Exception {
    skipIfDisabled(PULL);
    runOnlyIf(runPullSetup);
    Response resp = send(newRequest(PUT, "/v2/<name>/manifests/<reference>",
            withReference(manifests.get(1).digest()))
        .setHeader("Content-Type", MANIFEST_MEDIA_TYPE)
        .setBody(manifests.get(1).content()));
    expect2xx(resp);
  }

  @Test
  @Order(106)
  @DisplayName("Get tag name from environment")
  void pullSetupTagFromEnvironment() {
    skipIfDisabled(PULL);
    runOnlyIfNot(runPullSetup);
    String tmp = env(ENV_TAG_NAME);
    if (!tmp.isEmpty()) {
      tag = tmp;
    }
  }

  // ---- Pull blobs ----

  @Test
  @Order(111)
  @DisplayName("HEAD request to nonexistent blob should result in 404 response")
  void headNonexistentBlob() throws Exception {
    skipIfDisabled(PULL);
    Response resp = send(newRequest(HEAD, "/v2/<name>/blobs/<digest>", withDigest(dummyDigest)));
    expectStatus(resp, 404);
  }

  @Test
  @Order(112)
  @DisplayName("HEAD request to existing blob should yield 200")
  void headExistingBlob() throws Exception {
    skipIfDisabled(PULL);
    Response resp = send(newRequest(HEAD, "/v2/<name>/blobs/<digest>",
        withDigest(configs.get(0).digest())));
    expectStatus(resp, 200);
    String h = resp.header("Docker-Content-Digest");
    if (!h.isEmpty()) {
      assertEquals(configs.get(0).digest(), h);
    }
  }

  @Test
  @Order(113)
  @DisplayName("GET nonexistent blob should result in 404 response")
  void getNonexistentBlob() throws Exception {
    skipIfDisabled(PULL);
    Response resp = send(newRequest(GET, "/v2/<name>/blobs/<digest>", withDigest(dummyDigest)));
    expectStatus(resp, 404);
  }

  @Test
  @Order(114)
  @DisplayName("GET request to existing blob URL should yield 200")
  void getExistingBlob() throws Exception {
    skipIfDisabled(PULL);
    Response resp = send(newRequest(GET, "/v2/<name>/blobs/<digest>",
        withDigest(configs.get(0).digest())));
    expectStatus(resp, 200);
  }

  // ---- Pull manifests ----

  @Test
  @Order(121)
  @DisplayName("HEAD request to nonexistent manifest should return 404")
  void headNonexistentManifest() throws Exception {
    skipIfDisabled(PULL);
    Response resp = send(newRequest(HEAD, "/v2/<name>/manifests/<reference>",
        withReference(nonexistentManifest)));
    expectStatus(resp, 404);
  }

  @Test
  @Order(122)
  @DisplayName("HEAD request to manifest[0] path (digest) should yield 200 response")
  void headManifest0ByDigest() throws Exception {
    headManifestByDigest(0);
  }

  @Test
  @Order(123)
  @DisplayName("HEAD request to manifest[1] path (digest) should yield 200 response")
  void headManifest1ByDigest() throws Exception {
    headManifestByDigest(1);
  }

  private static void headManifestByDigest(int i) throws Exception {
    skipIfDisabled(PULL);
    Response resp = send(newRequest(HEAD, "/v2/<name>/manifests/<digest>",
            withDigest(manifests.get(i).digest()))
        .setHeader("Accept", MANIFEST_MEDIA_TYPE));
    expectStatus(resp, 200);
    String h = resp.header("Docker-Content-Digest");
    if (!h.isEmpty()) {
      assertEquals(manifests.get(i).digest(), h);
    }
  }

  @Test
  @Order(124)
  @DisplayName("HEAD request to manifest path (tag) should yield 200 response")
  void headManifestByTag() throws Exception {
    skipIfDisabled(PULL);
    assertFalse(tag.isEmpty(), "tag should not be empty");
    Response resp = send(newRequest(HEAD, "/v2/<name>/manifests/<reference>", withReference(tag))
        .setHeader("Accept", MANIFEST_MEDIA_TYPE));
    expectStatus(resp, 200);
    String h = resp.header("Docker-Content-Digest");
    if (!h.isEmpty()) {
      assertEquals(manifests.get(0).digest(), h);
    }
  }

  @Test
  @Order(125)
  @DisplayName("GET nonexistent manifest should return 404")
  void getNonexistentManifest() throws Exception {
    skipIfDisabled(PULL);
    Response resp = send(newRequest(GET, "/v2/<name>/manifests/<reference>",
        withReference(nonexistentManifest)));
    expectStatus(resp, 404);
  }

  @Test
  @Order(126)
  @DisplayName("GET request to manifest[0] path (digest) should yield 200 response")
  void getManifest0ByDigest() throws Exception {
    getManifestByDigest(0);
  }

  @Test
  @Order(127)
  @DisplayName("GET request to manifest[1] path (digest) should yield 200 response")
  void getManifest1ByDigest() throws Exception {
    getManifestByDigest(1);
  }

  private static void getManifestByDigest(int i) throws Exception {
    skipIfDisabled(PULL);
    Response resp = send(newRequest(GET, "/v2/<name>/manifests/<digest>",
            withDigest(manifests.get(i).digest()))
        .setHeader("Accept", MANIFEST_MEDIA_TYPE));
    expectStatus(resp, 200);
  }

  @Test
  @Order(128)
  @DisplayName("GET request to manifest path (tag) should yield 200 response")
  void getManifestByTag() throws Exception {
    skipIfDisabled(PULL);
    assertFalse(tag.isEmpty(), "tag should not be empty");
    Response resp = send(newRequest(GET, "/v2/<name>/manifests/<reference>", withReference(tag))
        .setHeader("Accept", MANIFEST_MEDIA_TYPE));
    expectStatus(resp, 200);
  }

  // ---- Error codes ----

  @Test
  @Order(131)
  @DisplayName("400 response body should contain OCI-conforming JSON message")
  void errorBodyIsOciJson() throws Exception {
    skipIfDisabled(PULL);
    // a GET with a body: resty drops the body of a GET, so only the header goes out
    Response resp = send(newRequest(GET, "/v2/<name>/manifests/<reference>",
            withReference("sha256:totallywrong"))
        .setHeader("Content-Type", MANIFEST_MEDIA_TYPE)
        .setBody(invalidManifestContent));
    expectStatus(resp, 400, 404);
    if (resp.statusCode() == 400) {
      List<ErrorInfo> errorResponses = resp.errors();
      assertFalse(errorResponses.isEmpty(), "errors should not be empty");
      assertTrue(errorCodes.contains(errorResponses.get(0).code()),
          () -> "unknown error code " + errorResponses.get(0).code());
    }
  }

  // ---- Teardown ----

  @Test
  @Order(141)
  @DisplayName("Delete manifest[0] created in setup")
  void pullTeardownManifest0First() throws Exception {
    registeredOnlyIf(deleteManifestBeforeBlobs);
    deleteManifest(0);
  }

  @Test
  @Order(142)
  @DisplayName("Delete manifest[1] created in setup")
  void pullTeardownManifest1First() throws Exception {
    registeredOnlyIf(deleteManifestBeforeBlobs);
    deleteManifest(1);
  }

  @Test
  @Order(143)
  @DisplayName("Delete config[0] blob created in setup")
  void pullTeardownConfig0() throws Exception {
    deleteBlob(configs.get(0).digest());
  }

  @Test
  @Order(144)
  @DisplayName("Delete config[1] blob created in setup")
  void pullTeardownConfig1() throws Exception {
    deleteBlob(configs.get(1).digest());
  }

  @Test
  @Order(145)
  @DisplayName("Delete layer blob created in setup")
  void pullTeardownLayer() throws Exception {
    deleteBlob(layerBlobDigest);
  }

  @Test
  @Order(146)
  @DisplayName("Delete manifest[0] created in setup")
  void pullTeardownManifest0Last() throws Exception {
    registeredOnlyIf(!deleteManifestBeforeBlobs);
    deleteManifest(0);
  }

  @Test
  @Order(147)
  @DisplayName("Delete manifest[1] created in setup")
  void pullTeardownManifest1Last() throws Exception {
    registeredOnlyIf(!deleteManifestBeforeBlobs);
    deleteManifest(1);
  }

  private static void deleteManifest(int i) throws Exception {
    skipIfDisabled(PULL);
    runOnlyIf(runPullSetup);
    Response resp = send(newRequest(DELETE, "/v2/<name>/manifests/<digest>",
        withDigest(manifests.get(i).digest())));
    expect2xxOr(resp, 405);
  }

  private static void deleteBlob(String digest) throws Exception {
    skipIfDisabled(PULL);
    runOnlyIf(runPullSetup);
    Response resp = send(newRequest(DELETE, "/v2/<name>/blobs/<digest>", withDigest(digest)));
    expect2xxOr(resp, 404, 405);
  }

  /**
   * The POST-then-PUT pair every setup spec repeats; the POST's response is not checked, as in
   * Go, and a missing Location sends the PUT to the registry root.
   */
  static void uploadMonolithic(String digest, String contentLength, byte[] content)
      throws Exception {
    Response resp = send(newRequest(POST, "/v2/<name>/blobs/uploads/"));
    resp = send(client.newRequest(PUT, resp.getRelativeLocation())
        .setQueryParam("digest", digest)
        .setHeader("Content-Type", "application/octet-stream")
        .setHeader("Content-Length", contentLength)
        .setBody(content));
    expect2xx(resp);
  }
}
