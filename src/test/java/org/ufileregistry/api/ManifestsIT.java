package org.ufileregistry.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ufileregistry.it.RegistryClient.OCI_INDEX;
import static org.ufileregistry.it.RegistryClient.OCI_MANIFEST;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ufileregistry.it.Http;
import org.ufileregistry.it.RegistryClient;
import org.ufileregistry.it.RegistryDeployment;

/** Manifests, tags, catalog, referrers and v1 search. */
class ManifestsIT extends RegistryDeployment {
  private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  private final Http http = new Http(registry());
  private final RegistryClient client = new RegistryClient(http);

  @Test
  void pushByTagThenPullByTagAndDigest() {
    String manifest = client.imageManifest("man/basic", 2, 1000);
    String digest = client.pushManifest("man/basic", "v1", OCI_MANIFEST, manifest);

    HttpResponse<byte[]> byTag = http.send(http.request("/v2/man/basic/manifests/v1").header("Accept", OCI_MANIFEST));
    assertEquals(200, byTag.statusCode());
    assertEquals(OCI_MANIFEST, byTag.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(digest, byTag.headers().firstValue("Docker-Content-Digest").orElseThrow());
    assertArrayEquals(manifest.getBytes(StandardCharsets.UTF_8), byTag.body());

    HttpResponse<byte[]> head = http.head("/v2/man/basic/manifests/" + digest);
    assertEquals(200, head.statusCode());
    assertEquals(String.valueOf(manifest.length()), head.headers().firstValue("Content-Length").orElseThrow());
    assertEquals(OCI_MANIFEST, head.headers().firstValue("Content-Type").orElseThrow());
  }

  @Test
  void acceptListsAsRealClientsSendThem() {
    String manifest = client.imageManifest("man/accept", 1, 100).replace(OCI_MANIFEST, DOCKER_MANIFEST)
        .replace("application/vnd.oci.image.config.v1+json", "application/vnd.docker.container.image.v1+json")
        .replace("application/vnd.oci.image.layer.v1.tar+gzip", "application/vnd.docker.image.rootfs.diff.tar.gzip");
    client.pushManifest("man/accept", "latest", DOCKER_MANIFEST, manifest);
    // ctr: one comma-joined header
    HttpResponse<byte[]> ctr = http.send(http.request("/v2/man/accept/manifests/latest").header("Accept",
        DOCKER_MANIFEST + ", application/vnd.docker.distribution.manifest.list.v2+json, " + OCI_MANIFEST + ", " + OCI_INDEX + ", */*"));
    assertEquals(200, ctr.statusCode());
    assertEquals(DOCKER_MANIFEST, ctr.headers().firstValue("Content-Type").orElseThrow());
    // skopeo: six separate headers
    HttpResponse<byte[]> skopeo = http.send(http.request("/v2/man/accept/manifests/latest")
        .header("Accept", OCI_MANIFEST).header("Accept", DOCKER_MANIFEST)
        .header("Accept", "application/vnd.docker.distribution.manifest.v1+prettyjws")
        .header("Accept", "application/vnd.docker.distribution.manifest.v1+json")
        .header("Accept", "application/vnd.docker.distribution.manifest.list.v2+json").header("Accept", OCI_INDEX));
    assertEquals(200, skopeo.statusCode());
    // a client that accepts only OCI indexes does not get a Docker manifest it cannot parse
    HttpResponse<byte[]> indexOnly = http.send(http.request("/v2/man/accept/manifests/latest").header("Accept", OCI_INDEX));
    assertEquals(404, indexOnly.statusCode());
    assertTrue(Http.text(indexOnly).contains("MANIFEST_UNKNOWN"));
  }

  @Test
  void indexNeedsItsChildrenAndServesThem() {
    String amd = client.imageManifest("man/multi", 1, 100);
    String arm = client.imageManifest("man/multi", 1, 100);
    String index = client.index(List.of(
        client.descriptor(OCI_MANIFEST, RegistryClient.sha256(amd.getBytes(StandardCharsets.UTF_8)), amd.length()),
        client.descriptor(OCI_MANIFEST, RegistryClient.sha256(arm.getBytes(StandardCharsets.UTF_8)), arm.length())));
    HttpResponse<byte[]> early = http.put("/v2/man/multi/manifests/1", OCI_INDEX, index.getBytes(StandardCharsets.UTF_8));
    assertEquals(404, early.statusCode(), "an index whose children are missing is refused");
    assertTrue(Http.text(early).contains("MANIFEST_BLOB_UNKNOWN"));
    client.pushManifest("man/multi", RegistryClient.sha256(amd.getBytes(StandardCharsets.UTF_8)), OCI_MANIFEST, amd);
    client.pushManifest("man/multi", RegistryClient.sha256(arm.getBytes(StandardCharsets.UTF_8)), OCI_MANIFEST, arm);
    client.pushManifest("man/multi", "1", OCI_INDEX, index);
    HttpResponse<byte[]> get = http.get("/v2/man/multi/manifests/1");
    assertEquals(OCI_INDEX, get.headers().firstValue("Content-Type").orElseThrow());
  }

  @Test
  void invalidManifestsAreRefusedWithTheSpecCodes() {
    String repo = "man/invalid";
    String manifest = client.imageManifest(repo, 1, 10);
    assertError(http.put("/v2/" + repo + "/manifests/x", OCI_MANIFEST, "{not json".getBytes()), 400, "MANIFEST_INVALID");
    assertError(http.put("/v2/" + repo + "/manifests/x", OCI_MANIFEST, "[1,2]".getBytes()), 400, "MANIFEST_INVALID");
    assertError(http.put("/v2/" + repo + "/manifests/x", "application/vnd.docker.distribution.manifest.v1+prettyjws",
        "{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"x\",\"fsLayers\":[]}".getBytes()), 400, "MANIFEST_INVALID");
    assertError(http.put("/v2/" + repo + "/manifests/x", "application/x-unknown",
        manifest.replace(OCI_MANIFEST, "application/x-unknown").getBytes()), 400, "MANIFEST_INVALID");
    String missingBlob = manifest.replaceFirst("sha256:[a-f0-9]{64}", RegistryClient.sha256("nope".getBytes()));
    assertError(http.put("/v2/" + repo + "/manifests/x", OCI_MANIFEST, missingBlob.getBytes()), 404, "MANIFEST_BLOB_UNKNOWN");
    String wrongDigest = RegistryClient.sha256("other".getBytes());
    assertError(http.put("/v2/" + repo + "/manifests/" + wrongDigest, OCI_MANIFEST, manifest.getBytes()), 400, "DIGEST_INVALID");
    byte[] huge = (manifest.substring(0, manifest.length() - 1) + ",\"annotations\":{\"pad\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}}").getBytes();
    assertError(http.put("/v2/" + repo + "/manifests/x", OCI_MANIFEST, huge), 413, "SIZE_INVALID");
    assertEquals(404, http.get("/v2/" + repo + "/manifests/x").statusCode(), "nothing refused was stored");
  }

  @Test
  void deleteByTagRemovesOnlyTheTagAndByDigestEverything() {
    String repo = "man/delete";
    String manifest = client.imageManifest(repo, 1, 10);
    String digest = client.pushManifest(repo, "a", OCI_MANIFEST, manifest);
    client.pushManifest(repo, "b", OCI_MANIFEST, manifest);
    assertEquals(202, http.delete("/v2/" + repo + "/manifests/a").statusCode());
    assertEquals(404, http.get("/v2/" + repo + "/manifests/a").statusCode());
    assertEquals(200, http.get("/v2/" + repo + "/manifests/b").statusCode());
    assertEquals(200, http.get("/v2/" + repo + "/manifests/" + digest).statusCode());
    assertEquals(202, http.delete("/v2/" + repo + "/manifests/" + digest).statusCode());
    assertEquals(404, http.get("/v2/" + repo + "/manifests/b").statusCode(), "tags of a deleted manifest go with it");
    assertError(http.get("/v2/" + repo + "/manifests/" + digest), 404, "MANIFEST_UNKNOWN");
    assertError(http.delete("/v2/" + repo + "/manifests/" + digest), 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void tagsArePagedWithLinkHeaders() {
    String repo = "man/paged";
    String manifest = client.imageManifest(repo, 1, 10);
    for (String tag : List.of("d", "a", "c", "b", "e")) {
      client.pushManifest(repo, tag, OCI_MANIFEST, manifest);
    }
    assertEquals("{\"name\":\"man/paged\",\"tags\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}", Http.text(http.get("/v2/" + repo + "/tags/list")));
    HttpResponse<byte[]> first = http.get("/v2/" + repo + "/tags/list?n=2");
    assertEquals("{\"name\":\"man/paged\",\"tags\":[\"a\",\"b\"]}", Http.text(first));
    String link = first.headers().firstValue("Link").orElseThrow();
    assertEquals("</v2/man/paged/tags/list?n=2&last=b>; rel=\"next\"", link);
    HttpResponse<byte[]> second = http.get(link.substring(1, link.indexOf('>')));
    assertEquals("{\"name\":\"man/paged\",\"tags\":[\"c\",\"d\"]}", Http.text(second));
    HttpResponse<byte[]> last = http.get("/v2/" + repo + "/tags/list?n=2&last=d");
    assertEquals("{\"name\":\"man/paged\",\"tags\":[\"e\"]}", Http.text(last));
    assertFalse(last.headers().firstValue("Link").isPresent());
    assertEquals("{\"name\":\"man/paged\",\"tags\":[]}", Http.text(http.get("/v2/" + repo + "/tags/list?n=0")));
    assertError(http.get("/v2/man/never-pushed/tags/list"), 404, "NAME_UNKNOWN");
    assertError(http.get("/v2/" + repo + "/tags/list?n=-1"), 400, "PAGINATION_NUMBER_INVALID");
  }

  @Test
  void catalogIsSortedAndPaged() {
    for (String repo : List.of("cat/b", "cat/a-b", "cat/a/b", "cat/a")) {
      client.pushBlob(repo, new byte[] {1});
    }
    String all = Http.text(http.get("/v2/_catalog"));
    int a = all.indexOf("\"cat/a\""), ab = all.indexOf("\"cat/a-b\""), aSlashB = all.indexOf("\"cat/a/b\""), b = all.indexOf("\"cat/b\"");
    assertTrue(a >= 0 && a < ab && ab < aSlashB && aSlashB < b, all);
    HttpResponse<byte[]> page = http.get("/v2/_catalog?n=1&last=cat/a");
    assertEquals("{\"repositories\":[\"cat/a-b\"]}", Http.text(page));
    assertEquals("</v2/_catalog?n=1&last=cat%2Fa-b>; rel=\"next\"", page.headers().firstValue("Link").orElseThrow());
  }

  @Test
  void referrersListManifestsWithASubjectAndFilterByArtifactType() {
    String repo = "man/referrers";
    String subject = client.imageManifest(repo, 1, 10);
    String subjectDigest = client.pushManifest(repo, "app", OCI_MANIFEST, subject);
    String emptyConfig = client.pushBlob(repo, "{}".getBytes());
    String subjectDescriptor = client.descriptor(OCI_MANIFEST, subjectDigest, subject.length());
    String sbom = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"application/spdx+json\","
        + "\"config\":" + client.descriptor("application/vnd.oci.empty.v1+json", emptyConfig, 2) + ",\"layers\":[],"
        + "\"subject\":" + subjectDescriptor + ",\"annotations\":{\"org.example\":\"sbom\"}}";
    String sig = sbom.replace("application/spdx+json", "application/vnd.example.signature").replace("sbom", "sig");
    HttpResponse<byte[]> put = http.put("/v2/" + repo + "/manifests/" + RegistryClient.sha256(sbom.getBytes()), OCI_MANIFEST, sbom.getBytes());
    assertEquals(201, put.statusCode(), Http.text(put));
    assertEquals(subjectDigest, put.headers().firstValue("OCI-Subject").orElseThrow());
    client.pushManifest(repo, RegistryClient.sha256(sig.getBytes()), OCI_MANIFEST, sig);

    HttpResponse<byte[]> all = http.get("/v2/" + repo + "/referrers/" + subjectDigest);
    assertEquals(200, all.statusCode());
    assertEquals(OCI_INDEX, all.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(Http.text(all).contains("application/spdx+json") && Http.text(all).contains("application/vnd.example.signature"), Http.text(all));
    assertTrue(Http.text(all).contains("\"org.example\":\"sbom\""), "annotations are listed");

    HttpResponse<byte[]> filtered = http.get("/v2/" + repo + "/referrers/" + subjectDigest + "?artifactType=application/spdx%2Bjson");
    assertEquals("artifactType", filtered.headers().firstValue("OCI-Filters-Applied").orElseThrow());
    assertTrue(Http.text(filtered).contains("application/spdx+json"));
    assertFalse(Http.text(filtered).contains("signature"), Http.text(filtered));

    http.delete("/v2/" + repo + "/manifests/" + RegistryClient.sha256(sig.getBytes()));
    assertFalse(Http.text(http.get("/v2/" + repo + "/referrers/" + subjectDigest)).contains("signature"), "deleted referrers disappear");
    String none = Http.text(http.get("/v2/" + repo + "/referrers/" + RegistryClient.sha256("x".getBytes())));
    assertEquals("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[]}", none);
  }

  @Test
  void dockerSearchEndpoints() {
    client.pushBlob("searchteam/app", new byte[] {1});
    client.pushBlob("other/searchteam-tools", new byte[] {1});
    client.pushBlob("unrelated/thing", new byte[] {1});
    assertEquals(200, http.get("/v1/_ping").statusCode());
    String result = Http.text(http.get("/v1/search?q=searchteam&n=25"));
    assertTrue(result.contains("\"num_results\":2"), result);
    assertTrue(result.contains("{\"name\":\"searchteam/app\",\"description\":\"\""), result);
    assertTrue(result.contains("\"name\":\"other/searchteam-tools\""), result);
    assertFalse(result.contains("unrelated"), result);
    assertTrue(result.contains("\"query\":\"searchteam\""), result);
  }

  static void assertError(HttpResponse<byte[]> r, int status, String code) {
    assertEquals(status, r.statusCode(), Http.text(r));
    assertTrue(Http.text(r).contains("\"code\":\"" + code + "\""), Http.text(r));
  }
}
