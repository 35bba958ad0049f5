package org.ufileregistry.conformance;

// Ports conformance/04_management_test.go (opencontainers/distribution-spec @ 3c7a4ac),
// context "Content Management".

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

/** The content management workflow; orders 400-499. Go's "Teardown" context is empty here. */
abstract class ManagementSpecs extends DiscoverySpecs {

  private static final String DEFAULT_TAG_NAME = "tagtest0";
  private static String tagToDelete = "";
  private static int numTags;
  private static boolean blobDeleteAllowed = true;

  // ---- Setup ----

  @Test
  @Order(401)
  @DisplayName("Populate registry with test config blob")
  void managementSetupPushConfig() throws Exception {
    skipIfDisabled(CONTENT_MANAGEMENT);
    runOnlyIf(runContentManagementSetup);
    uploadMonolithic(configs.get(3).digest(), configs.get(3).contentLength(),
        configs.get(3).content());
  }

  @Test
  @Order(402)
  @DisplayName("Populate registry with test layer")
  void managementSetupPushLayer() throws Exception {
    skipIfDisabled(CONTENT_MANAGEMENT);
    runOnlyIf(runContentManagementSetup);
    uploadMonolithic(layerBlobDigest, layerBlobContentLength, layerBlobData);
  }

  @Test
  @Order(403)
  @DisplayName("Populate registry with test tag")
  void managementSetupPushTag() throws Exception {
    skipIfDisabled(CONTENT_MANAGEMENT);
    runOnlyIf(runContentManagementSetup);
    tagToDelete = DEFAULT_TAG_NAME;
    Response resp = send(newRequest(PUT, "/v2/<name>/manifests/<reference>",
            withReference(tagToDelete))
        .setHeader("Content-Type", MANIFEST_MEDIA_TYPE)
        .setBody(manifests.get(3).content()));
    expect2xx(resp);
  }

  @Test
  @Order(404)
  @DisplayName("Check how many tags there are before anything gets deleted")
  void managementSetupCountTags() throws Exception {
    skipIfDisabled(CONTENT_MANAGEMENT);
    runOnlyIf(runContentManagementSetup);
    Response resp = send(newRequest(GET, "/v2/<name>/tags/list"));
    expectStatus(resp, 200);
    numTags = decodeTagList(resp.body()).tags().size();
  }

  // ---- Manifest delete ----

  @Test
  @Order(411)
  @DisplayName("DELETE request to manifest tag should return 202, unless tag deletion is disallowed (400/405)")
  void deleteTag() throws Exception {
    skipIfDisabled(CONTENT_MANAGEMENT);
    Response resp = send(newRequest(DELETE, "/v2/<name>/manifests/<reference>",
        withReference(tagToDelete)));
    expectStatus(resp, 400, 202, 405);
    if (resp.statusCode() == 400) {
      List<ErrorInfo> errorResponses = resp.errors();
      assertFalse(errorResponses.isEmpty(), "errors should not be empty");
      assertEquals(errorCodes.get(UNSUPPORTED), errorResponses.get(0).code());
    }
  }

  @Test
  @Order(412)
  @DisplayName("DELETE request to manifest (digest) should yield 202 response unless already deleted")
  void deleteManifestByDigest() throws Exception {
    skipIfDisabled(CONTENT_MANAGEMENT);
    Response resp = send(newRequest(DELETE, "/v2/<name>/manifests/<digest>",
        withDigest(manifests.get(3).digest())));
    // In the case that the previous request was accepted, this may or may not fail (which is ok)
    expectStatus(resp, 202, 404);
  }

  @Test
  @Order(413)
  @DisplayName("GET request to deleted manifest URL should yield 404 response, unless delete is disallowed")
  void getDeletedManifest() throws Exception {
    skipIfDisabled(CONTENT_MANAGEMENT);
    Response resp = send(newRequest(GET, "/v2/<name>/manifests/<digest>",
        withDigest(manifests.get(3).digest())));
    expectStatus(resp, 404, 200);
  }

  @Test
  @Order(414)
  @DisplayName("GET request to tags list should reflect manifest deletion")
  void tagListAfterDelete() throws Exception {
    skipIfDisabled(CONTENT_MANAGEMENT);
    Response resp = send(newRequest(GET, "/v2/<name>/tags/list"));
    expectStatus(resp, 200);
    List<String> tags = decodeTagList(resp.body()).tags();
    assertTrue(tags.size() < numTags,
        () -> "expected fewer than " + numTags + " tags but got " + tags);
  }

  // ---- Blob delete ----

  @Test
  @Order(421)
  @DisplayName("DELETE request to blob URL should yield 202 response")
  void deleteBlobs() throws Exception {
    skipIfDisabled(CONTENT_MANAGEMENT);
    runOnlyIf(runContentManagementSetup);
    // config blob
    Response resp = send(newRequest(DELETE, "/v2/<name>/blobs/<digest>",
        withDigest(configs.get(3).digest())));
    expectStatus(resp, 202, 404, 405);
    // layer blob
    resp = send(newRequest(DELETE, "/v2/<name>/blobs/<digest>", withDigest(layerBlobDigest)));
    expectStatus(resp, 202, 404, 405);
    if (resp.statusCode() == 405) {
      blobDeleteAllowed = false;
    }
  }

  @Test
  @Order(422)
  @DisplayName("GET request to deleted blob URL should yield 404 response")
  void getDeletedBlob() throws Exception {
    skipIfDisabled(CONTENT_MANAGEMENT);
    runOnlyIf(runContentManagementSetup);
    runOnlyIf(blobDeleteAllowed);
    Response resp = send(newRequest(GET, "/v2/<name>/blobs/<digest>",
        withDigest(configs.get(3).digest())));
    expectStatus(resp, 404);
  }
}
