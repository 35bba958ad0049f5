package org.ufileregistry.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * podman 4.3 with private storage. Unlike skopeo it pushes from containers-storage, so every
 * layer is recompressed and streamed with Transfer-Encoding: chunked (no Content-Length).
 */
class PodmanE2EIT extends E2EBase {

  private static final int LAYER_SIZE = 2 * 1024 * 1024;

  @TempDir
  Path tmp;

  @Test
  void pushRmiPullKeepsLayerContent() throws IOException {
    OciLayout.Image app = importFreshImage("e2e/podman-app:1");
    String name = host() + "/e2e/podman-app:1";
    podman("push", "--tls-verify=false", name).ok();

    podman("rmi", "--all", "--force").ok();
    Proc.Result empty = podman("images", "--quiet").ok();
    assertEquals("", empty.stdout().strip(), empty::describe);

    podman("pull", "--tls-verify=false", name).ok();
    Proc.Result layers = podman("image", "inspect", "--format", "{{json .RootFS.Layers}}", name).ok();
    assertEquals(List.of(app.diffId()), strings(OciLayout.jsonValue(layers.stdout())), layers::describe);

    Path saved = tmp.resolve("saved.tar");
    podman("save", "--format", "docker-archive", "-o", saved.toString(), name).ok();
    List<byte[]> content = dockerArchiveLayers(saved, tmp.resolve("saved"));
    assertEquals(1, content.size(), "layers in podman save");
    assertArrayEquals(app.layerTar(), content.get(0), "layer content after push/pull");
  }

  @Test
  void pushStreamsLayerWithChunkedPatch() throws IOException {
    // Big enough for many chunks and for the server to have to stream, not buffer, the body.
    int size = 16 * 1024 * 1024;
    OciLayout.Image app = importFreshImage("e2e/podman-wire:1", size);
    List<RecordingProxy.Request> seen;
    try (RecordingProxy proxy = RecordingProxy.to(host())) {
      podman("tag", host() + "/e2e/podman-wire:1", proxy.host() + "/e2e/podman-wire:1").ok();
      podman("push", "--tls-verify=false", proxy.host() + "/e2e/podman-wire:1").ok();
      seen = proxy.requests();
    }
    String all = seen.toString();
    // The recompressed layer of random bytes is at least as big as the bytes themselves.
    RecordingProxy.Request patch = seen.stream()
        .filter(r -> r.method().equals("PATCH") && r.bodyBytes() >= size).findFirst()
        .orElseThrow(() -> new AssertionError("no PATCH carrying the layer: " + all));
    assertEquals("chunked", patch.header("transfer-encoding"), all);
    assertEquals("", patch.header("content-length"), all);

    podman("rmi", "--all", "--force").ok();
    podman("pull", "--tls-verify=false", host() + "/e2e/podman-wire:1").ok();
    Proc.Result layers = podman("image", "inspect", "--format", "{{json .RootFS.Layers}}", host() + "/e2e/podman-wire:1").ok();
    assertEquals(List.of(app.diffId()), strings(OciLayout.jsonValue(layers.stdout())), layers::describe);
  }

  @Test
  void searchListsPushedRepository() throws IOException {
    importFreshImage("e2e/podman-search:1");
    podman("push", "--tls-verify=false", host() + "/e2e/podman-search:1").ok();

    Proc.Result search = podman("search", "--tls-verify=false", "--limit", "100", host() + "/e2e").ok();
    assertTrue(search.stdout().lines().anyMatch(l -> l.split("\\s+")[0].endsWith("/e2e/podman-search")),
        search::describe);
  }

  @Test
  void pullWithArchPicksThatImageFromMultiArchIndex() throws IOException {
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    OciLayout.Image amd64 = src.addImage("amd64", LAYER_SIZE / 2);
    OciLayout.Image arm64 = src.addImage("arm64", LAYER_SIZE / 2);
    src.tag("multi", src.addIndex(amd64, arm64).index());
    String name = host() + "/e2e/podman-multi:1";
    Proc.run(List.of("skopeo", "--insecure-policy", "copy", "--all", "--dest-tls-verify=false", src.ociRef("multi"),
        "docker://" + name)).ok();

    podman("pull", "--tls-verify=false", "--arch", "arm64", name).ok();
    Proc.Result inspect = podman("image", "inspect", "--format", "{{.Architecture}} {{json .RootFS.Layers}}", name).ok();
    assertEquals("arm64 [\"" + arm64.diffId() + "\"]", inspect.stdout().strip(), inspect::describe);
  }

  /** Pulls a freshly built OCI layout into podman's storage and names it for our registry. */
  private OciLayout.Image importFreshImage(String repoAndTag) throws IOException {
    return importFreshImage(repoAndTag, LAYER_SIZE);
  }

  private OciLayout.Image importFreshImage(String repoAndTag, int layerSize) throws IOException {
    OciLayout src = OciLayout.create(tmp.resolve("src"));
    OciLayout.Image app = src.addImage("amd64", layerSize);
    src.tag("app", app.manifest());
    Proc.Result pulled = podman("pull", src.ociRef("app")).ok();
    // podman names oci: images after their path; the ID (last stdout line) is unambiguous.
    List<String> lines = pulled.stdout().strip().lines().toList();
    podman("tag", lines.get(lines.size() - 1), host() + "/" + repoAndTag).ok();
    return app;
  }

  /**
   * Everything podman keeps goes under the test's temp dir; --cgroup-manager cgroupfs and the file
   * events backend because there is no systemd or journald to talk to.
   */
  private Proc.Result podman(String... args) {
    Path p = tmp.resolve("podman");
    return Proc.run(cmd(List.of("podman", "--root", p.resolve("root").toString(), "--runroot", p.resolve("run").toString(),
        "--tmpdir", p.resolve("tmp").toString(), "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs",
        "--events-backend", "file"), args));
  }
}
