package org.ufileregistry.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A private dockerd: own data-root, exec-root, socket and pidfile, vfs storage (works on any
 * filesystem, no kernel features) and no networking, so it cannot disturb a system docker or
 * another test's daemon. 127.0.0.0/8 is an insecure registry by default, so no daemon.json is needed.
 */
final class Dockerd extends Daemon {

  private final Path dir;

  private Dockerd(Path dir) {
    super("dockerd", dir.resolve("dockerd.log"));
    this.dir = dir;
  }

  static Dockerd start(Path dir) throws IOException {
    Daemon.mkdirs(dir.resolve("config"));
    // An empty config file keeps a machine-wide /etc/docker/daemon.json out of the test.
    Files.writeString(dir.resolve("daemon.json"), "{}");
    Dockerd d = new Dockerd(dir);
    d.start();
    return d;
  }

  @Override
  List<String> command() {
    return List.of("/usr/sbin/dockerd", "--config-file", dir.resolve("daemon.json").toString(),
        "--storage-driver=vfs", "--iptables=false", "--ip6tables=false", "--bridge=none", "--ip-masq=false",
        "--userland-proxy=false", "--data-root", dir.resolve("data").toString(),
        "--exec-root", dir.resolve("exec").toString(), "-H", "unix://" + dir.resolve("docker.sock"),
        "--pidfile", dir.resolve("dockerd.pid").toString());
  }

  @Override
  List<String> readinessProbe() {
    return cli("version");
  }

  Proc.Result docker(String... args) {
    return run(cli(args));
  }

  /**
   * /usr/bin/docker explicitly: a newer /usr/local/bin/docker may shadow it in PATH. DOCKER_CONFIG
   * via --config keeps the user's credential helpers and contexts out of the test.
   */
  private List<String> cli(String... args) {
    return E2EBase.cmd(List.of("/usr/bin/docker", "--config", dir.resolve("config").toString(),
        "-H", "unix://" + dir.resolve("docker.sock")), args);
  }
}
