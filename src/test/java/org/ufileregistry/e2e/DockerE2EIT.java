package org.ufileregistry.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker 20.10 with its own dockerd. Docker is the pickiest client: it HEADs the tag and then GETs
 * by digest, uploads with chunked PATCH, re-gzips layers on push, mounts from repositories it
 * remembers, and searches through the v1 API.
 */
class DockerE2EIT extends E2EBase {

  // vfs copies the whole layer for every operation: small layers keep dockerd fast.
  private static final int LAYER_SIZE = 2 * 1024 * 1024;

  @TempDir
  Path tmp;

  @Test
  void pushRmiPullKeepsLayerContent() throws IOException {
    OciLayout.Image app;
    String name = host() + "/e2e/docker-app:1";
    try (Dockerd d = Dockerd.start(tmp.resolve("d"))) {
      app = load(d, "local/docker-app:1");
      d.docker("tag", "local/docker-app:1", name).ok();
      Proc.Result push = d.docker("push", name).ok();
      assertTrue(push.stdout().contains("1: digest: sha256:"), push::describe);
      // Pushing again must find everything in place (HEAD blob 200) and upload nothing.
      Proc.Result again = d.docker("push", name).ok();
      assertTrue(again.stdout().contains("Layer already exists"), again::describe);
      assertFalse(again.stdout().contains("Pushed"), again::describe);
      String pushedDigest = push.stdout().replaceAll("(?s).*1: digest: (sha256:[0-9a-f]{64}).*", "$1");

      d.docker("rmi", name, "local/docker-app:1").ok();
      d.docker("image", "inspect", name).fails();

      d.docker("pull", name).ok();
      Proc.Result inspect = d.docker("image", "inspect", name).ok();
      JsonObject image = OciLayout.jsonValue(inspect.stdout()).asJsonArray().getJsonObject(0);
      assertEquals(List.of(host() + "/e2e/docker-app@" + pushedDigest), strings(image.get("RepoDigests")),
          () -> "pulled the manifest the push reported\n" + inspect.describe());
      assertEquals(List.of(app.diffId()), strings(image.getJsonObject("RootFS").getJsonArray("Layers")),
          () -> "pulled layer's diff_id must be the sha256 of the original uncompressed layer\n" + inspect.describe());
      assertEquals("amd64", image.getString("Architecture"), inspect::describe);

      // The layer as docker hands it back, compared byte for byte with the tar we built.
      Path saved = tmp.resolve("saved.tar");
      d.docker("save", "-o", saved.toString(), name).ok();
      List<byte[]> layers = dockerArchiveLayers(saved, tmp.resolve("saved"));
      assertEquals(1, layers.size(), "layers in docker save");
      assertArrayEquals(app.layerTar(), layers.get(0), "layer content after push/pull");
    }

    HttpResponse<byte[]> stored = getManifest("e2e/docker-app", "1");
    assertEquals(200, stored.statusCode(), () -> describe(stored));
    assertEquals("application/vnd.docker.distribution.manifest.v2+json",
        stored.headers().firstValue("Content-Type").orElse(""), () -> "docker pushes schema2\n" + describe(stored));
  }

  @Test
  void pushUsesChunkedPatchAndPullResolvesTagThenFetchesByDigest() throws IOException {
    try (Dockerd d = Dockerd.start(tmp.resolve("d")); RecordingProxy proxy = RecordingProxy.to(host())) {
      OciLayout.Image app = load(d, "local/docker-wire:1");
      String name = proxy.host() + "/e2e/docker-wire:1";
      d.docker("tag", "local/docker-wire:1", name).ok();
      d.docker("push", name).ok();
      String pushed = proxy.describe();
      assertTrue(proxy.requests().stream().anyMatch(r -> r.method().equals("PATCH")
          && r.header("transfer-encoding").equals("chunked") && r.bodyBytes() >= LAYER_SIZE), pushed);

      d.docker("rmi", name, "local/docker-wire:1").ok();
      int before = proxy.requests().size();
      d.docker("pull", name).ok();
      List<RecordingProxy.Request> pull = proxy.requests().subList(before, proxy.requests().size());
      String all = pull.toString();
      int head = indexOf(pull, "HEAD", "/v2/e2e/docker-wire/manifests/1");
      int get = indexOf(pull, "GET", "/v2/e2e/docker-wire/manifests/sha256:");
      assertTrue(head >= 0 && get > head, "HEAD by tag, then GET by digest: " + all);

      Proc.Result inspect = d.docker("image", "inspect", "--format", "{{json .RootFS.Layers}}", name).ok();
      assertEquals(List.of(app.diffId()), strings(OciLayout.jsonValue(inspect.stdout())), inspect::describe);
    }
  }

  private static int indexOf(List<RecordingProxy.Request> requests, String method, String pathPrefix) {
    for (int i = 0; i < requests.size(); i++) {
      if (requests.get(i).method().equals(method) && requests.get(i).path().startsWith(pathPrefix)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void searchListsPushedRepository() throws IOException {
    try (Dockerd d = Dockerd.start(tmp.resolve("d"))) {
      load(d, "local/docker-search:1");
      String name = host() + "/e2e/docker-search:1";
      d.docker("tag", "local/docker-search:1", name).ok();
      d.docker("push", name).ok();

      // dockerd asks GET /v1/_ping then GET /v1/search?q=e2e&n=100.
      Proc.Result search = d.docker("search", "--limit", "100", host() + "/e2e").ok();
      assertTrue(search.stdout().lines().anyMatch(l -> l.split("\\s+")[0].endsWith("e2e/docker-search")),
          search::describe);
    }
  }

  @Test
  void pushToSecondRepositoryMountsLayerFromFirst() throws IOException {
    String from = "e2e/docker-mount-src";
    String to = "e2e/docker-mount-dst";
    try (Dockerd d = Dockerd.start(tmp.resolve("d"))) {
      load(d, "local/docker-mount:1");
      d.docker("tag", "local/docker-mount:1", host() + "/" + from + ":1").ok();
      d.docker("tag", "local/docker-mount:1", host() + "/" + to + ":1").ok();
      d.docker("push", host() + "/" + from + ":1").ok();

      // dockerd remembers which repository of this registry has the layer and asks for a mount.
      Proc.Result push = d.docker("push", host() + "/" + to + ":1").ok();
      assertTrue(push.stdout().contains("Mounted from " + from), push::describe);
    }

    String layer = layerDigest(to);
    assertEquals(layerDigest(from), layer, "both repositories reference the same pushed layer");
    assertEquals(200, headBlob(to, layer), "mounted layer exists in " + to);
  }

  @Test
  void pullOfMultiArchIndexPicksOwnPlatform() throws IOException {
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    OciLayout.Image amd64 = src.addImage("amd64", LAYER_SIZE / 2);
    OciLayout.Image arm64 = src.addImage("arm64", LAYER_SIZE / 2);
    OciLayout.MultiArch multi = src.addIndex(amd64, arm64);
    src.tag("multi", multi.index());
    String name = host() + "/e2e/docker-multi:1";
    Proc.run(List.of("skopeo", "--insecure-policy", "copy", "--all", "--dest-tls-verify=false", src.ociRef("multi"),
        "docker://" + name)).ok();

    try (Dockerd d = Dockerd.start(tmp.resolve("d"))) {
      // dockerd HEADs the tag, then GETs the index and the amd64 manifest by digest.
      d.docker("pull", name).ok();
      Proc.Result inspect = d.docker("image", "inspect", name).ok();
      JsonObject image = OciLayout.jsonValue(inspect.stdout()).asJsonArray().getJsonObject(0);
      assertEquals(List.of(amd64.diffId()), strings(image.getJsonObject("RootFS").getJsonArray("Layers")), inspect::describe);
      assertEquals(List.of(host() + "/e2e/docker-multi@" + multi.index().digest()), strings(image.get("RepoDigests")),
          inspect::describe);
    }
  }

  @Test
  void pullOfMissingTagSaysManifestUnknown() throws IOException {
    try (Dockerd d = Dockerd.start(tmp.resolve("d"))) {
      Proc.Result pull = d.docker("pull", host() + "/e2e/docker-never-pushed:1").fails();
      // The registry's error code, passed through verbatim, is what tells a user it is a typo.
      assertTrue(pull.stderr().contains("manifest unknown"), pull::describe);
    }
  }

  /** Builds a fresh image and loads it into dockerd the way docker 20.10 can: as a docker-archive. */
  private OciLayout.Image load(Dockerd d, String localName) throws IOException {
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    OciLayout.Image app = src.addImage("amd64", LAYER_SIZE);
    src.tag("app", app.manifest());
    Path archive = tmp.resolve("app-docker.tar");
    Proc.run(List.of("skopeo", "--insecure-policy", "copy", src.ociRef("app"),
        "docker-archive:" + archive + ":" + localName)).ok();
    d.docker("load", "-i", archive.toString()).ok();
    return app;
  }

  private static String layerDigest(String repository) {
    HttpResponse<byte[]> m = getManifest(repository, "1");
    assertEquals(200, m.statusCode(), () -> describe(m));
    return OciLayout.json(m.body()).getJsonArray("layers").getJsonObject(0).getString("digest");
  }

}
