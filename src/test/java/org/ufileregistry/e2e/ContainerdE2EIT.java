package org.ufileregistry.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * containerd 1.6 through ctr. ctr uploads each blob as one monolithic PUT carrying the body (no
 * PATCH), pushes blobs in parallel over keep-alive connections, HEADs before every PUT and sends
 * no /v2/ ping. Pulls go to a second, empty containerd so every byte really comes from the registry.
 */
class ContainerdE2EIT extends E2EBase {

  private static final int LAYER_SIZE = 2 * 1024 * 1024;

  @TempDir
  Path tmp;

  @Test
  void importTagPushThenPullIntoFreshContainerd() throws IOException {
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    OciLayout.Image app = src.addImage("amd64", LAYER_SIZE);
    src.tag("1", app.manifest());
    Path archive = Files.write(tmp.resolve("app-oci.tar"), src.archive());
    String imported = host() + "/e2e/ctr-import:1";
    String name = host() + "/e2e/ctr-app:1";

    try (Containerd c = Containerd.start(tmp.resolve("push"))) {
      // An OCI archive only carries the tag ("1"); --base-name supplies the repository.
      c.ctr("images", "import", "--base-name", host() + "/e2e/ctr-import", archive.toString()).ok();
      c.ctr("images", "tag", imported, name).ok();
      c.ctr("images", "push", "--plain-http", name).ok();
    }

    HttpResponse<byte[]> stored = getManifest("e2e/ctr-app", "1");
    assertEquals(200, stored.statusCode(), () -> describe(stored));
    assertArrayEquals(app.manifest().bytes(), stored.body(), "ctr pushes the OCI manifest unchanged");

    try (Containerd c = Containerd.start(tmp.resolve("pull"))) {
      c.ctr("images", "pull", "--plain-http", name).ok();
      assertEquals(app.manifest().digest(), imageDigest(c, name));
      assertArrayEquals(app.layer().bytes(), c.ctr("content", "get", app.layer().digest()).ok().stdoutBytes(),
          "layer blob pulled by ctr");
      assertArrayEquals(app.config().bytes(), c.ctr("content", "get", app.config().digest()).ok().stdoutBytes(),
          "config blob pulled by ctr");
    }
  }

  @Test
  void pushUploadsEachBlobWithOneMonolithicPut() throws IOException {
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    // The whole layer arrives in a single PUT body: big enough that it must be streamed to storage.
    OciLayout.Image app = src.addImage("amd64", 16 * 1024 * 1024);
    src.tag("1", app.manifest());
    Path archive = Files.write(tmp.resolve("app-oci.tar"), src.archive());
    List<RecordingProxy.Request> seen;
    try (Containerd c = Containerd.start(tmp.resolve("push")); RecordingProxy proxy = RecordingProxy.to(host())) {
      c.ctr("images", "import", "--base-name", proxy.host() + "/e2e/ctr-wire", archive.toString()).ok();
      c.ctr("images", "push", "--plain-http", proxy.host() + "/e2e/ctr-wire:1").ok();
      seen = proxy.requests();
    }
    String all = seen.toString();
    assertTrue(seen.stream().noneMatch(r -> r.method().equals("PATCH")), "ctr never PATCHes: " + all);
    RecordingProxy.Request put = seen.stream()
        .filter(r -> r.method().equals("PUT") && r.path().startsWith("/v2/e2e/ctr-wire/blobs/uploads/")
            && r.decodedTarget().contains("digest=" + app.layer().digest()))
        .findFirst().orElseThrow(() -> new AssertionError("no PUT ?digest= for the layer: " + all));
    assertEquals(app.layer().size(), put.bodyBytes(), "the PUT carries the whole layer: " + all);
    assertEquals(String.valueOf(app.layer().size()), put.header("content-length"), all);

    assertEquals(200, headBlob("e2e/ctr-wire", app.layer().digest()));
    HttpResponse<byte[]> stored = getManifest("e2e/ctr-wire", "1");
    assertArrayEquals(app.manifest().bytes(), stored.body(), () -> describe(stored));
  }

  @Test
  void multiArchIndexDigestSurvivesPushAndPullAllPlatforms() throws IOException {
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    OciLayout.Image amd64 = src.addImage("amd64", LAYER_SIZE / 2);
    OciLayout.Image arm64 = src.addImage("arm64", LAYER_SIZE / 2);
    OciLayout.MultiArch multi = src.addIndex(amd64, arm64);
    src.tag("1", multi.index());
    Path archive = Files.write(tmp.resolve("multi-oci.tar"), src.archive());
    String name = host() + "/e2e/ctr-multi:1";

    try (Containerd c = Containerd.start(tmp.resolve("push"))) {
      c.ctr("images", "import", "--all-platforms", "--base-name", host() + "/e2e/ctr-multi", archive.toString()).ok();
      assertEquals(multi.index().digest(), imageDigest(c, name), "imported image is the index itself");
      c.ctr("images", "push", "--plain-http", name).ok();
    }

    HttpResponse<byte[]> head = http("HEAD", "v2/e2e/ctr-multi/manifests/1", "Accept", OciLayout.INDEX);
    assertEquals(200, head.statusCode(), () -> describe(head));
    assertEquals(multi.index().digest(), head.headers().firstValue("Docker-Content-Digest").orElse(""), () -> describe(head));

    try (Containerd c = Containerd.start(tmp.resolve("pull"))) {
      c.ctr("images", "pull", "--plain-http", "--all-platforms", name).ok();
      assertEquals(multi.index().digest(), imageDigest(c, name), "index digest preserved through the registry");
      Proc.Result list = c.ctr("images", "ls", "name==" + name).ok();
      assertTrue(list.stdout().contains("linux/amd64,linux/arm64"), list::describe);
      assertArrayEquals(multi.index().bytes(), c.ctr("content", "get", multi.index().digest()).ok().stdoutBytes(), "index");
      for (OciLayout.Image image : multi.images()) {
        assertArrayEquals(image.manifest().bytes(), c.ctr("content", "get", image.manifest().digest()).ok().stdoutBytes(),
            image.architecture() + " manifest");
        assertArrayEquals(image.layer().bytes(), c.ctr("content", "get", image.layer().digest()).ok().stdoutBytes(),
            image.architecture() + " layer");
      }
    }
  }

  @Test
  void pushOfPulledImageMountsLayerFromItsSourceRepository() throws IOException {
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    OciLayout.Image app = src.addImage("amd64", LAYER_SIZE);
    src.tag("1", app.manifest());
    Path archive = Files.write(tmp.resolve("app-oci.tar"), src.archive());
    String from = "e2e/ctr-mount-src";
    String to = "e2e/ctr-mount-dst";

    try (Containerd c = Containerd.start(tmp.resolve("push"))) {
      c.ctr("images", "import", "--base-name", host() + "/" + from, archive.toString()).ok();
      c.ctr("images", "push", "--plain-http", host() + "/" + from + ":1").ok();
    }
    try (Containerd c = Containerd.start(tmp.resolve("pull"))) {
      // The pull labels each blob with its source repository; pushing elsewhere in the same
      // registry then asks for POST ?mount=<digest>&from=<repo> (ctr's order, not URL-encoded).
      c.ctr("images", "pull", "--plain-http", host() + "/" + from + ":1").ok();
      c.ctr("images", "tag", host() + "/" + from + ":1", host() + "/" + to + ":1").ok();
      Proc.Result push = c.ctr("--debug", "images", "push", "--plain-http", host() + "/" + to + ":1").ok();

      String mountUrl = "url=\"" + base() + "v2/" + to + "/blobs/uploads/?mount=" + app.layer().digest() + "&from=" + from + "\"";
      String answer = push.stderr().lines()
          .filter(l -> l.contains("msg=\"fetch response received\"") && l.contains(mountUrl))
          .map(l -> l.replaceAll(".*response\\.status=\"([^\"]*)\".*", "$1"))
          .findFirst().orElse("no mount request answered: expected a debug line with " + mountUrl);
      assertEquals("201 Created", answer, push::describe);
    }
    assertEquals(200, headBlob(to, app.layer().digest()), "mounted layer exists in " + to);
    HttpResponse<byte[]> stored = getManifest(to, "1");
    assertEquals(200, stored.statusCode(), () -> describe(stored));
    assertArrayEquals(app.manifest().bytes(), stored.body(), "manifest in " + to);
  }

  @Test
  void pullOfMissingTagSaysNotFound() throws IOException {
    try (Containerd c = Containerd.start(tmp.resolve("pull"))) {
      String name = host() + "/e2e/ctr-never-pushed:1";
      Proc.Result pull = c.ctr("images", "pull", "--plain-http", name).fails();
      assertTrue(pull.stderr().contains("failed to resolve reference \"" + name + "\"")
          && pull.stderr().contains("not found"), pull::describe);
    }
  }

  /** The target digest ctr records for an image: what `ctr images ls` shows in its DIGEST column. */
  private static String imageDigest(Containerd c, String name) {
    Proc.Result list = c.ctr("images", "ls", "name==" + name).ok();
    return list.stdout().lines()
        .filter(l -> l.startsWith(name + " "))
        .map(l -> l.split("\\s+")[2])
        .findFirst()
        .orElseThrow(() -> new AssertionError("image " + name + " not listed\n" + list.describe()));
  }
}
