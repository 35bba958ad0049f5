package org.ufileregistry.conformance;

// Ports conformance/02_push_test.go (opencontainers/distribution-spec @ 11b8e3f), context "Push".

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ufileregistry.conformance.ConformanceSetup.*;
import static org.ufileregistry.conformance.RegistryClient.withDigest;
import static org.ufileregistry.conformance.RegistryClient.withName;
import static org.ufileregistry.conformance.RegistryClient.withReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.ufileregistry.conformance.RegistryClient.Response;

/** The push workflow; orders 200-299. No setup specs: Go's "Setup" context is empty here. */
abstract class PushSpecs extends PullSpecs {

  private static Response lastResponse;
  private static Response prevResponse;
  private static String emptyLayerManifestRef = "";

  // ---- Blob Upload Streamed ----

  @Test
  @Order(201)
  @DisplayName("PATCH request with blob in body should yield 202 response")
  void streamedPatch() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(newRequest(POST, "/v2/<name>/blobs/uploads/"));
    assertFalse(resp.header("Location").isEmpty(), "Location should not be empty");
    resp = send(client.newRequest(PATCH, resp.getRelativeLocation())
        .setHeader("Content-Type", "application/octet-stream")
        .setBody(testBlobA));
    expectStatus(resp, 202);
    lastResponse = resp;
  }

  @Test
  @Order(202)
  @DisplayName("PUT request to session URL with digest should yield 201 response")
  void streamedPut() throws Exception {
    skipIfDisabled(PUSH);
    assertNotNull(lastResponse, "lastResponse should not be nil");
    // Go sets Content-Length to the blob's length but sends no body; net/http then puts
    // "Content-Length: 0" on the wire, which is what the empty publisher sends here.
    Response resp = send(client.newRequest(PUT, lastResponse.getRelativeLocation())
        .setQueryParam("digest", testBlobADigest)
        .setHeader("Content-Type", "application/octet-stream")
        .setHeader("Content-Length", testBlobALength));
    expectStatus(resp, 201);
    assertFalse(resp.header("Location").isEmpty(), "Location should not be empty");
  }

  // ---- Blob Upload Monolithic ----

  @Test
  @Order(211)
  @DisplayName("GET nonexistent blob should result in 404 response")
  void monolithicGetNonexistentBlob() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(newRequest(GET, "/v2/<name>/blobs/<digest>", withDigest(dummyDigest)));
    expectStatus(resp, 404);
  }

  @Test
  @Order(212)
  @DisplayName("POST request with digest and blob should yield a 201 or 202")
  void monolithicPostWithDigest() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(newRequest(POST, "/v2/<name>/blobs/uploads/")
        .setHeader("Content-Length", configs.get(1).contentLength())
        .setHeader("Content-Type", "application/octet-stream")
        .setQueryParam("digest", configs.get(1).digest())
        .setBody(configs.get(1).content()));
    assertFalse(resp.header("Location").isEmpty(), "Location should not be empty");
    expectStatus(resp, 201, 202);
    lastResponse = resp;
  }

  @Test
  @Order(213)
  @DisplayName("GET request to blob URL from prior request should yield 200 or 404 based on response code")
  void monolithicGetAfterPost() throws Exception {
    skipIfDisabled(PUSH);
    assertNotNull(lastResponse, "lastResponse should not be nil");
    Response resp = send(newRequest(GET, "/v2/<name>/blobs/<digest>",
        withDigest(configs.get(1).digest())));
    if (lastResponse.statusCode() == 202) {
      expectStatus(resp, 404);
    } else {
      expectStatus(resp, 200);
    }
  }

  @Test
  @Order(214)
  @DisplayName("POST request should yield a session ID")
  void monolithicPostSession() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(newRequest(POST, "/v2/<name>/blobs/uploads/"));
    expectStatus(resp, 202);
    lastResponse = resp;
  }

  @Test
  @Order(215)
  @DisplayName("PUT upload of a blob should yield a 201 Response")
  void monolithicPut() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(client.newRequest(PUT, lastResponse.getRelativeLocation())
        .setHeader("Content-Length", configs.get(1).contentLength())
        .setHeader("Content-Type", "application/octet-stream")
        .setQueryParam("digest", configs.get(1).digest())
        .setBody(configs.get(1).content()));
    assertFalse(resp.header("Location").isEmpty(), "Location should not be empty");
    expectStatus(resp, 201);
  }

  @Test
  @Order(216)
  @DisplayName("GET request to existing blob should yield 200 response")
  void monolithicGetExistingBlob() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(newRequest(GET, "/v2/<name>/blobs/<digest>",
        withDigest(configs.get(1).digest())));
    expectStatus(resp, 200);
  }

  @Test
  @Order(217)
  @DisplayName("PUT upload of a layer blob should yield a 201 Response")
  void monolithicPutLayer() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(newRequest(POST, "/v2/<name>/blobs/uploads/"));
    resp = send(client.newRequest(PUT, resp.getRelativeLocation())
        .setHeader("Content-Length", layerBlobContentLength)
        .setHeader("Content-Type", "application/octet-stream")
        .setQueryParam("digest", layerBlobDigest)
        .setBody(layerBlobData));
    assertFalse(resp.header("Location").isEmpty(), "Location should not be empty");
    expectStatus(resp, 201);
  }

  @Test
  @Order(218)
  @DisplayName("GET request to existing layer should yield 200 response")
  void monolithicGetExistingLayer() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(newRequest(GET, "/v2/<name>/blobs/<digest>",
        withDigest(layerBlobDigest)));
    expectStatus(resp, 200);
  }

  // ---- Blob Upload Chunked ----

  @Test
  @Order(221)
  @DisplayName("Out-of-order blob upload should return 416")
  void chunkedOutOfOrder() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(newRequest(POST, "/v2/<name>/blobs/uploads/")
        .setHeader("Content-Length", "0"));
    assertFalse(resp.header("Location").isEmpty(), "Location should not be empty");

    // rebuild chunked blob if min size is above our chunk size
    String minSizeStr = resp.header("OCI-Chunk-Min-Length");
    if (!minSizeStr.isEmpty()) {
      int minSize = Integer.parseInt(minSizeStr);
      if (minSize > testBlobBChunk1.length) {
        setupChunkedBlob(minSize * 2 - 2);
      }
    }

    resp = send(client.newRequest(PATCH, resp.getRelativeLocation())
        .setHeader("Content-Type", "application/octet-stream")
        .setHeader("Content-Length", testBlobBChunk2Length)
        .setHeader("Content-Range", testBlobBChunk2Range)
        .setBody(testBlobBChunk2));
    expectStatus(resp, 416);
  }

  @Test
  @Order(222)
  @DisplayName("PATCH request with first chunk should return 202")
  void chunkedFirstChunk() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(newRequest(POST, "/v2/<name>/blobs/uploads/")
        .setHeader("Content-Length", "0"));
    assertFalse(resp.header("Location").isEmpty(), "Location should not be empty");
    prevResponse = resp;
    resp = send(client.newRequest(PATCH, resp.getRelativeLocation())
        .setHeader("Content-Type", "application/octet-stream")
        .setHeader("Content-Length", testBlobBChunk1Length)
        .setHeader("Content-Range", testBlobBChunk1Range)
        .setBody(testBlobBChunk1));
    expectStatus(resp, 202);
    assertEquals(testBlobBChunk1Range, resp.header("Range"));
    lastResponse = resp;
  }

  @Test
  @Order(223)
  @DisplayName("Retry previous blob chunk should return 416")
  void chunkedRetryPreviousChunk() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(client.newRequest(PATCH, prevResponse.getRelativeLocation())
        .setHeader("Content-Type", "application/octet-stream")
        .setHeader("Content-Length", testBlobBChunk1Length)
        .setHeader("Content-Range", testBlobBChunk1Range)
        .setBody(testBlobBChunk1));
    expectStatus(resp, 416);
  }

  @Test
  @Order(224)
  @DisplayName("Get on stale blob upload should return 204 with a range and location")
  void chunkedStatusOfStaleSession() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(client.newRequest(GET, prevResponse.getRelativeLocation()));
    expectStatus(resp, 204);
    assertFalse(resp.header("Location").isEmpty(), "Location should not be empty");
    assertEquals(testBlobBChunk1Range, resp.header("Range"));
    lastResponse = resp;
  }

  @Test
  @Order(225)
  @DisplayName("PATCH request with second chunk should return 202")
  void chunkedSecondChunk() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(client.newRequest(PATCH, lastResponse.getRelativeLocation())
        .setHeader("Content-Length", testBlobBChunk2Length)
        .setHeader("Content-Range", testBlobBChunk2Range)
        .setHeader("Content-Type", "application/octet-stream")
        .setBody(testBlobBChunk2));
    String location = resp.header("Location");
    expectStatus(resp, 202);
    assertFalse(location.isEmpty(), "Location should not be empty");
    lastResponse = resp;
  }

  @Test
  @Order(226)
  @DisplayName("PUT request with digest should return 201")
  void chunkedClose() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(client.newRequest(PUT, lastResponse.getRelativeLocation())
        .setHeader("Content-Length", "0")
        .setHeader("Content-Type", "application/octet-stream")
        .setQueryParam("digest", testBlobBDigest));
    expectStatus(resp, 201);
    assertFalse(resp.header("Location").isEmpty(), "Location should not be empty");
  }

  // ---- Cross-Repository Blob Mount ----

  @Test
  @Order(231)
  @DisplayName("Cross-mounting of a blob without the from argument should yield session id")
  void mountWithoutFrom() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(newRequest(POST, "/v2/<name>/blobs/uploads/",
            withName(crossmountNamespace))
        .setQueryParam("mount", dummyDigest));
    expectStatus(resp, 202);
    assertFalse(resp.getAbsoluteLocation().isEmpty(), "Location should not be empty");
  }

  @Test
  @Order(232)
  @DisplayName("POST request to mount another repository's blob should return 201 or 202")
  void mountFromOtherRepository() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(newRequest(POST, "/v2/<name>/blobs/uploads/",
            withName(crossmountNamespace))
        .setQueryParam("mount", testBlobADigest)
        .setQueryParam("from", client.defaultName));
    expectStatus(resp, 201, 202);
    lastResponse = resp;
  }

  @Test
  @Order(233)
  @DisplayName("GET request to test digest within cross-mount namespace should return 200")
  void mountedBlobReadable() throws Exception {
    skipIfDisabled(PUSH);
    runOnlyIf(lastResponse.statusCode() == 201);
    assertEquals(String.format("/v2/%s/blobs/%s", crossmountNamespace, testBlobADigest),
        lastResponse.getRelativeLocation());
    Response resp = send(client.newRequest(GET, lastResponse.getRelativeLocation()));
    expectStatus(resp, 200);
  }

  @Test
  @Order(234)
  @DisplayName("Cross-mounting of nonexistent blob should yield session id")
  void mountFallsBackToSession() {
    skipIfDisabled(PUSH);
    runOnlyIf(lastResponse.statusCode() == 202);
    String prefix = String.format("/v2/%s/blobs/uploads/", crossmountNamespace);
    assertTrue(lastResponse.getRelativeLocation().startsWith(prefix),
        () -> lastResponse.getRelativeLocation() + " should start with " + prefix);
  }

  @Test
  @Order(235)
  @DisplayName("Cross-mounting without from, and automatic content discovery enabled should return a 201")
  void automaticMountEnabled() throws Exception {
    skipIfDisabled(PUSH);
    runOnlyIf(runAutomaticCrossmountTest);
    runOnlyIf(lastResponse.statusCode() == 201);
    runOnlyIf(automaticCrossmountEnabled);
    Response resp = send(newRequest(POST, "/v2/<name>/blobs/uploads/",
            withName(crossmountNamespace))
        .setQueryParam("mount", testBlobADigest));
    expectStatus(resp, 201);
  }

  @Test
  @Order(236)
  @DisplayName("Cross-mounting without from, and automatic content discovery disabled should return a 202")
  void automaticMountDisabled() throws Exception {
    skipIfDisabled(PUSH);
    runOnlyIf(runAutomaticCrossmountTest);
    runOnlyIf(lastResponse.statusCode() == 201);
    runOnlyIfNot(automaticCrossmountEnabled);
    Response resp = send(newRequest(POST, "/v2/<name>/blobs/uploads/",
            withName(crossmountNamespace))
        .setQueryParam("mount", testBlobADigest));
    expectStatus(resp, 202);
  }

  // ---- Manifest Upload ----

  @Test
  @Order(241)
  @DisplayName("GET nonexistent manifest should return 404")
  void manifestGetNonexistent() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(newRequest(GET, "/v2/<name>/manifests/<reference>",
        withReference(nonexistentManifest)));
    expectStatus(resp, 404);
  }

  @Test
  @Order(242)
  @DisplayName("PUT should accept a manifest upload")
  void manifestPut() throws Exception {
    skipIfDisabled(PUSH);
    for (int i = 0; i < 4; i++) {
      String tag = String.format("test%d", i);
      Response resp = send(newRequest(PUT, "/v2/<name>/manifests/<reference>", withReference(tag))
          .setHeader("Content-Type", MANIFEST_MEDIA_TYPE)
          .setBody(manifests.get(1).content()));
      assertFalse(resp.header("Location").isEmpty(), "Location should not be empty");
      expectStatus(resp, 201);
    }
  }

  @Test
  @Order(243)
  @DisplayName("Registry should accept a manifest upload with no layers")
  void manifestPutWithoutLayers() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(newRequest(PUT, "/v2/<name>/manifests/<reference>",
            withReference(EMPTY_LAYER_TEST_TAG))
        .setHeader("Content-Type", MANIFEST_MEDIA_TYPE)
        .setBody(emptyLayerManifestContent));
    if (resp.statusCode() == 201) {
      String location = resp.header("Location");
      emptyLayerManifestRef = location;
      assertFalse(location.isEmpty(), "Location should not be empty");
      expectStatus(resp, 201);
    } else {
      warn("image manifest with no layers is not supported");
    }
  }

  @Test
  @Order(244)
  @DisplayName("GET request to manifest URL (digest) should yield 200 response")
  void manifestGetByDigest() throws Exception {
    skipIfDisabled(PUSH);
    Response resp = send(newRequest(GET, "/v2/<name>/manifests/<digest>",
            withDigest(manifests.get(1).digest()))
        .setHeader("Accept", MANIFEST_MEDIA_TYPE));
    expectStatus(resp, 200);
  }

  // ---- Teardown ----

  @Test
  @Order(251)
  @DisplayName("Delete manifest created in tests")
  void pushTeardownManifestFirst() throws Exception {
    registeredOnlyIf(deleteManifestBeforeBlobs);
    deleteManifests();
  }

  @Test
  @Order(252)
  @DisplayName("Delete config blob created in tests")
  void pushTeardownConfig() throws Exception {
    deleteBlob(configs.get(1).digest());
  }

  @Test
  @Order(253)
  @DisplayName("Delete layer blob created in setup")
  void pushTeardownLayer() throws Exception {
    deleteBlob(layerBlobDigest);
  }

  @Test
  @Order(254)
  @DisplayName("Delete manifest created in tests")
  void pushTeardownManifestLast() throws Exception {
    registeredOnlyIf(!deleteManifestBeforeBlobs);
    deleteManifests();
  }

  private static void deleteManifests() throws Exception {
    skipIfDisabled(PUSH);
    runOnlyIf(runPushSetup);
    Response resp = send(newRequest(DELETE, "/v2/<name>/manifests/<digest>",
        withDigest(manifests.get(1).digest())));
    expect2xxOr(resp, 405);
    if (!emptyLayerManifestRef.isEmpty()) {
      resp = send(newRequest(DELETE, "/v2/<name>/manifests/<reference>",
          withReference(emptyLayerManifestDigest)));
      expect2xxOr(resp, 405);
    }
  }

  private static void deleteBlob(String digest) throws Exception {
    skipIfDisabled(PUSH);
    runOnlyIf(runPushSetup);
    Response resp = send(newRequest(DELETE, "/v2/<name>/blobs/<digest>", withDigest(digest)));
    expect2xxOr(resp, 404, 405);
  }
}
