package org.ufileregistry.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A private containerd: root, state and sockets under the test's temp dir, configured by its own
 * config.toml so the machine's /etc/containerd/config.toml (and any running containerd) stay out
 * of it. CRI is disabled: it is the only plugin that would reach for networking and /var/lib.
 */
final class Containerd extends Daemon {

  private final Path dir;

  private Containerd(Path dir) {
    super("containerd", dir.resolve("containerd.log"));
    this.dir = dir;
  }

  static Containerd start(Path dir) throws IOException {
    Daemon.mkdirs(dir);
    Files.writeString(dir.resolve("config.toml"), String.join("\n",
        "version = 2",
        "root = \"" + dir.resolve("root") + "\"",
        "state = \"" + dir.resolve("state") + "\"",
        "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]",
        "[grpc]",
        "  address = \"" + dir.resolve("containerd.sock") + "\"",
        "[ttrpc]",
        "  address = \"" + dir.resolve("containerd.sock.ttrpc") + "\"",
        ""));
    Containerd c = new Containerd(dir);
    c.start();
    return c;
  }

  @Override
  List<String> command() {
    return List.of("/usr/bin/containerd", "--config", dir.resolve("config.toml").toString());
  }

  @Override
  List<String> readinessProbe() {
    return cli("version");
  }

  Proc.Result ctr(String... args) {
    return run(cli(args));
  }

  private List<String> cli(String... args) {
    return E2EBase.cmd(List.of("/usr/bin/ctr", "--address", dir.resolve("containerd.sock").toString()), args);
  }
}
