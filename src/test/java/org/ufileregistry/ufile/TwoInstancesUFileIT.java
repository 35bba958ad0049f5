package org.ufileregistry.ufile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ufileregistry.it.Http;
import org.ufileregistry.it.RegistryClient;
import org.ufileregistry.it.RegistryDeployment;

/**
 * Two registry instances sharing one bucket, as behind a load balancer: the one Arquillian
 * manages and a second WildFly this test starts from the same distribution with its own server
 * directory. An upload begun on one is continued and finished on the other.
 */
class TwoInstancesUFileIT extends RegistryDeployment {
  private static final int SECOND_PORT = Integer.getInteger("it.second.http.port", 15400);
  private static Process second;
  private static Path secondBase;

  private final Http first = new Http(registry());
  private final Http other = new Http(URI.create("http://127.0.0.1:" + SECOND_PORT + "/"));
  private final RegistryClient client = new RegistryClient(first);

  @BeforeAll
  static void startSecondInstance() throws Exception {
    Path home = Path.of(System.getProperty("wildfly.home"));
    secondBase = Path.of("target", "second-instance").toAbsolutePath();
    deleteTree(secondBase);
    copyTree(home.resolve("standalone"), secondBase, List.of("deployments", "data", "tmp", "log"));
    // The configuration was copied while Arquillian's deployment is in it; this server deploys
    // the same WAR through its deployment scanner instead.
    Path config = secondBase.resolve("configuration/standalone-microprofile.xml");
    Files.writeString(config, Files.readString(config).replaceAll("(?s)<deployments>.*?</deployments>", ""));
    Files.createDirectories(secondBase.resolve("deployments"));
    Files.copy(Path.of(System.getProperty("registry.war")), secondBase.resolve("deployments/ufile-registry.war"));
    ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(), "-c", "standalone-microprofile.xml",
        "-Djboss.server.base.dir=" + secondBase, "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1",
        "-Djboss.http.port=" + SECOND_PORT, "-Djboss.management.http.port=" + (SECOND_PORT + 4000),
        "-Djboss.https.port=0", "-Djboss.management.https.port=0",
        "-Dregistry.storage=ufile", "-Dufile.baseurl=" + System.getProperty("it.ufile.baseurl"),
        "-Dufile.bucket=" + System.getProperty("it.ufile.bucket"), "-Dufile.public-key=" + System.getProperty("it.ufile.public-key"),
        "-Dufile.private-key=" + System.getProperty("it.ufile.private-key"), "-Dufile.prefix=registry");
    pb.environment().put("JAVA_OPTS", "-Xmx256m");
    pb.redirectErrorStream(true).redirectOutput(secondBase.resolve("console.log").toFile());
    second = pb.start();
    Http http = new Http(URI.create("http://127.0.0.1:" + SECOND_PORT + "/"));
    long deadline = System.currentTimeMillis() + 180_000;
    while (true) {
      try {
        if (http.get("/v2/").statusCode() == 200) {
          return;
        }
      } catch (RuntimeException notYet) {
        // still starting
      }
      if (!second.isAlive() || System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("second instance did not start; see " + secondBase.resolve("console.log"));
      }
      Thread.sleep(500);
    }
  }

  @AfterAll
  static void stopSecondInstance() throws Exception {
    if (second != null) {
      second.descendants().forEach(ProcessHandle::destroy);
      second.destroy();
      if (!second.waitFor(30, TimeUnit.SECONDS)) {
        second.descendants().forEach(ProcessHandle::destroyForcibly);
        second.destroyForcibly();
      }
    }
  }

  @Test
  void anUploadBegunOnOneInstanceIsFinishedOnTheOther() {
    byte[] layer = client.randomBytes(11 * 1024 * 1024 + 5);
    String digest = RegistryClient.sha256(layer);
    int half = 6 * 1024 * 1024;

    HttpResponse<byte[]> start = first.post("/v2/shared/app/blobs/uploads/");
    String location = start.headers().firstValue("Location").orElseThrow();
    HttpResponse<byte[]> firstChunk = first.patch(location, Arrays.copyOfRange(layer, 0, half), "0-" + (half - 1));
    assertEquals(202, firstChunk.statusCode(), Http.text(firstChunk));

    HttpResponse<byte[]> status = other.get(firstChunk.headers().firstValue("Location").orElseThrow());
    assertEquals(204, status.statusCode(), "the other instance knows the upload");
    assertEquals("0-" + (half - 1), status.headers().firstValue("Range").orElseThrow());
    HttpResponse<byte[]> rest = other.send(other.request(status.headers().firstValue("Location").orElseThrow() + "?digest=" + digest)
        .header("Content-Range", half + "-" + (layer.length - 1))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(layer, half, layer.length))));
    assertEquals(201, rest.statusCode(), Http.text(rest));

    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    String configDigest = client.pushBlob("shared/app", config);
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + RegistryClient.OCI_MANIFEST + "\",\"config\":"
        + client.descriptor(RegistryClient.OCI_CONFIG, configDigest, config.length) + ",\"layers\":["
        + client.descriptor(RegistryClient.OCI_LAYER, digest, layer.length) + "]}";
    client.pushManifest("shared/app", "1.0", RegistryClient.OCI_MANIFEST, manifest);

    for (Http instance : List.of(first, other)) {
      assertArrayEquals(manifest.getBytes(StandardCharsets.UTF_8), instance.get("/v2/shared/app/manifests/1.0").body());
      assertArrayEquals(layer, instance.get("/v2/shared/app/blobs/" + digest).body());
    }
  }

  private static void copyTree(Path from, Path to, List<String> skipTopLevel) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path rel = from.relativize(p);
        if (rel.getNameCount() > 0 && skipTopLevel.contains(rel.getName(0).toString())) {
          continue;
        }
        Path target = to.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
