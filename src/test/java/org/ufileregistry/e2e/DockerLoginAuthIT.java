package org.ufileregistry.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker login} against users of the server's realm, then push and pull with the rights
 * of their roles. Runs only with {@code registry.auth.enabled=true} (the builds' "auth" runs).
 */
class DockerLoginAuthIT extends E2EBase {
  @TempDir Path tmp;

  @Test
  void writersPushAfterLoginReadersAreDeniedAndPull() throws IOException {
    String name = host() + "/auth/docker-login:1";
    try (Dockerd d = Dockerd.start(tmp.resolve("d"))) {
      OciLayout src = OciLayout.create(tmp.resolve("src"));
      src.tag("app", src.addImage("amd64", 512 * 1024).manifest());
      Path archive = tmp.resolve("app.tar");
      Proc.run(List.of("skopeo", "--insecure-policy", "copy", src.ociRef("app"), "docker-archive:" + archive + ":" + name)).ok();
      d.docker("load", "-i", archive.toString()).ok();

      Proc.Result anonymous = d.docker("push", name).fails();
      assertTrue(anonymous.stderr().contains("no basic auth credentials") || anonymous.stderr().contains("unauthorized"),
          anonymous::describe);

      Proc.Result wrong = d.docker("login", host(), "-u", "it-writer", "-p", "not-the-password").fails();
      assertTrue(wrong.stderr().contains("401") || wrong.stderr().contains("unauthorized"), wrong::describe);

      d.docker("login", host(), "-u", "it-reader", "-p", "reader-Pass-1").ok();
      Proc.Result denied = d.docker("push", name).fails();
      assertTrue(denied.stderr().contains("denied: requested access to the resource is denied"), denied::describe);

      d.docker("login", host(), "-u", "it-writer", "-p", "writer-Pass-1").ok();
      Proc.Result pushed = d.docker("push", name).ok();
      assertTrue(pushed.stdout().contains("1: digest: sha256:"), pushed::describe);

      d.docker("logout", host()).ok();
      d.docker("rmi", name).ok();
      Proc.Result notSignedIn = d.docker("pull", name).fails();
      assertTrue(notSignedIn.stderr().contains("no basic auth credentials") || notSignedIn.stderr().contains("unauthorized"),
          notSignedIn::describe);

      d.docker("login", host(), "-u", "it-reader", "-p", "reader-Pass-1").ok();
      d.docker("pull", name).ok();
      d.docker("image", "inspect", name).ok();
    }
  }
}
