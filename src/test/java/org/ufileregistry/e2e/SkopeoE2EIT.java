package org.ufileregistry.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * skopeo is the client that changes nothing on the way (no recompression, manifests copied as
 * bytes), so it is where byte-identity of what the registry stores and serves is proven.
 */
class SkopeoE2EIT extends E2EBase {

  private static final int LAYER_SIZE = 2 * 1024 * 1024;

  @TempDir
  Path tmp;

  @Test
  void copyToRegistryAndBackIsByteIdentical() throws IOException {
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    OciLayout.Image app = src.addImage("amd64", LAYER_SIZE);
    src.tag("app", app.manifest());
    String ref = "docker://" + host() + "/e2e/skopeo-app:1";

    skopeo("copy", "--dest-tls-verify=false", src.ociRef("app"), ref).ok();
    Path back = tmp.resolve("back");
    skopeo("copy", "--src-tls-verify=false", ref, "oci:" + back + ":app").ok();

    JsonObject pulled = OciLayout.refDescriptor(back, "app").orElseThrow();
    assertEquals(app.manifest().digest(), pulled.getString("digest"), "manifest digest after the round trip");
    assertArrayEquals(app.manifest().bytes(), blob(back, app.manifest().digest()), "manifest bytes");
    assertArrayEquals(app.config().bytes(), blob(back, app.config().digest()), "config bytes");
    assertArrayEquals(app.layer().bytes(), blob(back, app.layer().digest()), "layer bytes");
  }

  @Test
  void largeLayerRoundTripIsByteIdentical() throws IOException {
    // Well past any in-memory buffer or single read: the upload must be streamed to storage.
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    OciLayout.Image big = src.addImage("amd64", 48 * 1024 * 1024);
    src.tag("big", big.manifest());
    String ref = "docker://" + host() + "/e2e/skopeo-big:1";

    skopeo("copy", "--dest-tls-verify=false", src.ociRef("big"), ref).ok();
    Path back = tmp.resolve("back");
    skopeo("copy", "--src-tls-verify=false", ref, "oci:" + back + ":big").ok();

    assertEquals(big.layer().digest(), OciLayout.sha256(blob(back, big.layer().digest())), "48 MiB layer digest");
    assertArrayEquals(big.layer().bytes(), blob(back, big.layer().digest()), "48 MiB layer bytes");
  }

  @Test
  void pushingTagAgainMovesItToTheNewImage() throws IOException {
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    OciLayout.Image first = src.addImage("amd64", 64 * 1024);
    OciLayout.Image second = src.addImage("amd64", 64 * 1024);
    src.tag("first", first.manifest()).tag("second", second.manifest());
    String ref = "docker://" + host() + "/e2e/skopeo-retag:latest";

    skopeo("copy", "--dest-tls-verify=false", src.ociRef("first"), ref).ok();
    skopeo("copy", "--dest-tls-verify=false", src.ociRef("second"), ref).ok();

    Proc.Result raw = skopeo("inspect", "--raw", "--tls-verify=false", ref).ok();
    assertArrayEquals(second.manifest().bytes(), raw.stdoutBytes(), raw::describe);
    // The image the tag used to name is still there by digest: retagging deletes nothing.
    String byDigest = "docker://" + host() + "/e2e/skopeo-retag@" + first.manifest().digest();
    Proc.Result old = skopeo("inspect", "--raw", "--tls-verify=false", byDigest).ok();
    assertArrayEquals(first.manifest().bytes(), old.stdoutBytes(), old::describe);
  }

  @Test
  void copyUploadsEachBlobAsOnePatchThenEmptyPut() throws IOException {
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    OciLayout.Image app = src.addImage("amd64", LAYER_SIZE);
    src.tag("app", app.manifest());
    List<RecordingProxy.Request> seen;
    try (RecordingProxy proxy = RecordingProxy.to(host())) {
      skopeo("copy", "--dest-tls-verify=false", src.ociRef("app"), "docker://" + proxy.host() + "/e2e/skopeo-wire:1").ok();
      seen = proxy.requests();
    }
    String all = seen.toString();

    RecordingProxy.Request patch = seen.stream()
        .filter(r -> r.method().equals("PATCH") && r.bodyBytes() == app.layer().size()).findFirst()
        .orElseThrow(() -> new AssertionError("no PATCH carrying the whole layer: " + all));
    assertEquals(String.valueOf(app.layer().size()), patch.header("content-length"), all);
    assertEquals("", patch.header("transfer-encoding"), all);
    assertTrue(seen.stream().anyMatch(r -> r.method().equals("PUT") && r.decodedTarget().contains("digest=" + app.layer().digest())
        && r.bodyBytes() == 0), "closing PUT ?digest= with an empty body: " + all);
    assertTrue(seen.stream().anyMatch(r -> r.method().equals("PUT") && r.path().equals("/v2/e2e/skopeo-wire/manifests/1")
        && r.header("content-type").equals(OciLayout.MANIFEST)), all);

    assertEquals(200, headBlob("e2e/skopeo-wire", app.layer().digest()));
    HttpResponse<byte[]> stored = getManifest("e2e/skopeo-wire", "1");
    assertArrayEquals(app.manifest().bytes(), stored.body(), () -> describe(stored));
  }

  @Test
  void parallelPushesOfOneImageAllLand() throws Exception {
    // CI matrices push the same base layers from several jobs at once: same blobs, racing uploads.
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    OciLayout.Image app = src.addImage("amd64", LAYER_SIZE);
    src.tag("app", app.manifest());
    List<String> targets = List.of("e2e/skopeo-parallel-a:1", "e2e/skopeo-parallel-b:1", "e2e/skopeo-parallel-c:1",
        "e2e/skopeo-parallel-a:2", "e2e/skopeo-parallel-b:2", "e2e/skopeo-parallel-c:2");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(targets.size());
    try {
      List<java.util.concurrent.Future<Proc.Result>> copies = new java.util.ArrayList<>();
      for (String target : targets) {
        copies.add(pool.submit(() -> skopeo("copy", "--dest-tls-verify=false", src.ociRef("app"),
            "docker://" + host() + "/" + target)));
      }
      for (java.util.concurrent.Future<Proc.Result> copy : copies) {
        copy.get().ok();
      }
    } finally {
      pool.shutdownNow();
    }
    for (String target : targets) {
      String repo = target.substring(0, target.indexOf(':'));
      HttpResponse<byte[]> m = getManifest(repo, target.substring(target.indexOf(':') + 1));
      assertArrayEquals(app.manifest().bytes(), m.body(), () -> describe(m));
      assertEquals(200, headBlob(repo, app.layer().digest()), repo + " layer");
      HttpResponse<byte[]> layer = http("GET", "v2/" + repo + "/blobs/" + app.layer().digest());
      assertArrayEquals(app.layer().bytes(), layer.body(), repo + " layer bytes");
    }
  }

  @Test
  void inspectShowsWhatWasPushed() throws IOException {
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    OciLayout.Image app = src.addImage("amd64", LAYER_SIZE);
    src.tag("app", app.manifest());
    String ref = "docker://" + host() + "/e2e/skopeo-inspect:1";
    skopeo("copy", "--dest-tls-verify=false", src.ociRef("app"), ref).ok();

    Proc.Result raw = skopeo("inspect", "--raw", "--tls-verify=false", ref).ok();
    assertArrayEquals(app.manifest().bytes(), raw.stdoutBytes(), raw::describe);

    // Non-raw inspect reads the config and tags/list too: what a user looks at before pulling.
    Proc.Result inspect = skopeo("inspect", "--tls-verify=false", ref).ok();
    JsonObject info = OciLayout.json(inspect.stdoutBytes());
    assertEquals(app.manifest().digest(), info.getString("Digest"), inspect::describe);
    assertEquals("amd64", info.getString("Architecture"), inspect::describe);
    assertEquals("linux", info.getString("Os"), inspect::describe);
    assertEquals(List.of(app.layer().digest()), strings(info.get("Layers")), inspect::describe);
    assertTrue(strings(info.get("RepoTags")).contains("1"), inspect::describe);
  }

  @Test
  void listTagsShowsEveryPushedTag() throws IOException {
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    OciLayout.Image app = src.addImage("amd64", 64 * 1024);
    src.tag("app", app.manifest());
    String repo = host() + "/e2e/skopeo-tags";
    for (String tag : List.of("1", "1.0", "latest")) {
      skopeo("copy", "--dest-tls-verify=false", src.ociRef("app"), "docker://" + repo + ":" + tag).ok();
    }

    Proc.Result tags = skopeo("list-tags", "--tls-verify=false", "docker://" + repo).ok();
    JsonObject listed = OciLayout.json(tags.stdoutBytes());
    assertEquals(repo, listed.getString("Repository"), tags::describe);
    assertEquals(Set.of("1", "1.0", "latest"), Set.copyOf(strings(listed.get("Tags"))), tags::describe);
  }

  @Test
  void copyAllPushesMultiArchIndexAndOverrideArchPullsOneArch() throws IOException {
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    OciLayout.Image amd64 = src.addImage("amd64", 512 * 1024);
    OciLayout.Image arm64 = src.addImage("arm64", 512 * 1024);
    OciLayout.MultiArch multi = src.addIndex(amd64, arm64);
    src.tag("multi", multi.index());
    String ref = "docker://" + host() + "/e2e/skopeo-multi:1";

    skopeo("copy", "--all", "--dest-tls-verify=false", src.ociRef("multi"), ref).ok();

    Proc.Result raw = skopeo("inspect", "--raw", "--tls-verify=false", ref).ok();
    assertArrayEquals(multi.index().bytes(), raw.stdoutBytes(), raw::describe);
    for (OciLayout.Image image : multi.images()) {
      HttpResponse<byte[]> child = getManifest("e2e/skopeo-multi", image.manifest().digest());
      assertEquals(200, child.statusCode(), () -> describe(child));
      assertArrayEquals(image.manifest().bytes(), child.body(), image.architecture() + " manifest served by digest");
    }

    Path back = tmp.resolve("back");
    skopeo("--override-arch", "arm64", "copy", "--src-tls-verify=false", ref, "oci:" + back + ":arm").ok();
    JsonObject pulled = OciLayout.refDescriptor(back, "arm").orElseThrow();
    assertEquals(arm64.manifest().digest(), pulled.getString("digest"), "--override-arch arm64 picks the arm64 manifest");
    assertArrayEquals(arm64.config().bytes(), blob(back, arm64.config().digest()), "arm64 config bytes");
    assertArrayEquals(arm64.layer().bytes(), blob(back, arm64.layer().digest()), "arm64 layer bytes");
    assertFalse(Files.exists(back.resolve("blobs/sha256").resolve(amd64.layer().hex())),
        "only the arm64 image is copied, not the amd64 layer");
  }

  @Test
  void deleteByTagThenInspectFailsWithManifestUnknown() throws IOException {
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    OciLayout.Image app = src.addImage("amd64", 64 * 1024);
    src.tag("app", app.manifest());
    String repo = host() + "/e2e/skopeo-delete";
    skopeo("copy", "--dest-tls-verify=false", src.ociRef("app"), "docker://" + repo + ":1").ok();
    skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + repo + ":1").ok();

    skopeo("delete", "--tls-verify=false", "docker://" + repo + ":1").ok();

    Proc.Result gone = skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + repo + ":1").fails();
    assertTrue(gone.output().contains("manifest unknown"), gone::describe);
    HttpResponse<byte[]> byDigest = getManifest("e2e/skopeo-delete", app.manifest().digest());
    assertEquals(404, byDigest.statusCode(), () -> "skopeo deletes by digest, so the digest is gone too\n" + describe(byDigest));
  }

  @Test
  void copyToSecondRepositoryMountsBlobsInsteadOfUploading() throws IOException {
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    OciLayout.Image app = src.addImage("amd64", LAYER_SIZE);
    src.tag("app", app.manifest());
    String from = "e2e/skopeo-mount-src";
    String to = "e2e/skopeo-mount-dst";
    skopeo("copy", "--dest-tls-verify=false", src.ociRef("app"), "docker://" + host() + "/" + from + ":1").ok();

    // The push above taught skopeo's blob-info cache where the layer lives, so copying within the
    // same registry asks for a mount (POST ?from=&mount=) rather than uploading the bytes again.
    Proc.Result copy = skopeo("--debug", "copy", "--src-tls-verify=false", "--dest-tls-verify=false",
        "docker://" + host() + "/" + from + ":1", "docker://" + host() + "/" + to + ":1").ok();

    String attempt = "Trying to mount /v2/" + to + "/blobs/uploads/?from=" + enc(from) + "&mount=" + enc(app.layer().digest());
    assertEquals("... mount OK", mountOutcome(copy.stderr(), attempt), copy::describe);
    assertEquals(200, headBlob(to, app.layer().digest()), "layer exists in " + to + " after the mount");
    HttpResponse<byte[]> manifest = getManifest(to, "1");
    assertEquals(200, manifest.statusCode(), () -> describe(manifest));
    assertArrayEquals(app.manifest().bytes(), manifest.body(), "manifest in " + to);
  }

  /** The debug line skopeo logs for the mount request's answer, or what came instead. */
  private static String mountOutcome(String debugLog, String attempt) {
    List<String> lines = debugLog.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(attempt)) {
        for (String next : lines.subList(i + 1, lines.size())) {
          if (next.contains("mount OK")) {
            return "... mount OK";
          }
          if (next.contains("instead of mounting") || next.contains("Trying to mount") || next.contains("level=error")) {
            return next;
          }
        }
        return "no answer logged after the mount attempt";
      }
    }
    return "no mount attempted: expected a debug line containing " + attempt;
  }

  private static Proc.Result skopeo(String... args) {
    // --insecure-policy: the tests must not depend on the machine's /etc/containers/policy.json.
    return Proc.run(cmd(List.of("skopeo", "--insecure-policy"), args));
  }

  private static byte[] blob(Path layout, String digest) throws IOException {
    return Files.readAllBytes(layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
