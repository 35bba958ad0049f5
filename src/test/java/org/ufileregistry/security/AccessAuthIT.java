package org.ufileregistry.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.ufileregistry.it.Http;
import org.ufileregistry.it.RegistryClient;
import org.ufileregistry.it.RegistryDeployment;

/**
 * Users and roles from the server's realm, as a registry user meets them. Needs the server
 * started with {@code registry.auth.enabled=true}, {@code
 * registry.auth.rules=public/:pull=anonymous;team-x/:pull=team-x,push=team-x} and the realm users
 * it-reader, it-writer and it-admin (server-config/&lt;server&gt;/README.md, test setup in pom.xml).
 */
class AccessAuthIT extends RegistryDeployment {
  static final String READER_PW = "reader-Pass-1";
  static final String WRITER_PW = "writer-Pass-1";
  static final String ADMIN_PW = "admin-Pass-1";

  final Http anonymous = new Http(registry());
  final Http reader = anonymous.as("it-reader", READER_PW);
  final Http writer = anonymous.as("it-writer", WRITER_PW);
  final Http admin = anonymous.as("it-admin", ADMIN_PW);

  static void assertError(int status, String code, HttpResponse<byte[]> r) {
    assertEquals(status, r.statusCode(), Http.text(r));
    assertTrue(Http.text(r).contains("\"code\":\"" + code + "\""), Http.text(r));
  }

  static void assertChallenge(HttpResponse<byte[]> r) {
    if (r.request().method().equals("HEAD")) {
      assertEquals(401, r.statusCode());
    } else {
      assertError(401, "UNAUTHORIZED", r);
    }
    assertEquals("Basic realm=\"ufile-registry\"", r.headers().firstValue("WWW-Authenticate").orElse(""), Http.text(r));
  }

  @Test
  void baseEndpointChallengesUntilTheRealmAcceptsTheUser() {
    assertChallenge(anonymous.get("/v2/"));
    assertChallenge(anonymous.as("it-writer", "wrong-password").get("/v2/"));
    assertChallenge(anonymous.as("no-such-user", WRITER_PW).get("/v2/"));
    assertChallenge(new Http(registry(), "Basic !!notbase64").get("/v2/"));
    for (Http user : List.of(reader, writer, admin)) {
      assertEquals(200, user.get("/v2/").statusCode());
    }
    // A session cookie a server hands out on login must never stand in for credentials.
    String repo = "auth/cookie-" + System.nanoTime();
    var asWriter = new RegistryClient(writer);
    asWriter.pushManifest(repo, "v1", RegistryClient.OCI_MANIFEST, asWriter.imageManifest(repo, 1, 128));
    HttpResponse<byte[]> pulled = reader.get("/v2/" + repo + "/manifests/v1");
    assertEquals(200, pulled.statusCode());
    for (String cookie : pulled.headers().allValues("Set-Cookie")) {
      String pair = cookie.split(";", 2)[0];
      HttpResponse<byte[]> withCookie = anonymous.send(anonymous.request("/v2/" + repo + "/manifests/v1")
          .header("Cookie", pair).GET());
      assertChallenge(withCookie);
      // nor does a cookie make a wrong password right, or lend the cookie's user to another
      assertChallenge(anonymous.as("it-reader", "wrong-password").send(
          anonymous.as("it-reader", "wrong-password").request("/v2/" + repo + "/manifests/v1").header("Cookie", pair).GET()));
      assertError(403, "DENIED", anonymous.as("it-nobody", "nobody-Pass-1").send(
          anonymous.as("it-nobody", "nobody-Pass-1").request("/v2/" + repo + "/manifests/v1").header("Cookie", pair).GET()));
    }
  }

  @Test
  void writersPushReadersPullAdminsDelete() {
    String repo = "auth/app-" + System.nanoTime();
    var asWriter = new RegistryClient(writer);
    String manifest = asWriter.imageManifest(repo, 1, 1024);
    String digest = asWriter.pushManifest(repo, "v1", RegistryClient.OCI_MANIFEST, manifest);

    String manifestPath = "/v2/" + repo + "/manifests/" + digest;
    assertEquals(200, reader.get(manifestPath).statusCode());
    assertEquals(200, reader.get("/v2/" + repo + "/tags/list").statusCode());
    assertChallenge(anonymous.get(manifestPath));
    assertChallenge(anonymous.head(manifestPath));

    assertError(403, "DENIED", reader.post("/v2/" + repo + "/blobs/uploads/"));
    assertError(403, "DENIED", reader.put("/v2/" + repo + "/manifests/v2", RegistryClient.OCI_MANIFEST,
        manifest.getBytes(StandardCharsets.UTF_8)));
    assertError(403, "DENIED", reader.delete(manifestPath));
    assertError(403, "DENIED", writer.delete(manifestPath));
    assertChallenge(anonymous.post("/v2/" + repo + "/blobs/uploads/"));

    assertError(403, "DENIED", reader.get("/v2/_catalog"));
    assertError(403, "DENIED", writer.get("/v2/_catalog"));
    HttpResponse<byte[]> catalog = admin.get("/v2/_catalog?n=1000");
    assertEquals(200, catalog.statusCode(), Http.text(catalog));
    assertTrue(Http.text(catalog).contains("\"" + repo + "\""), Http.text(catalog));

    assertEquals(202, admin.delete(manifestPath).statusCode());
    assertError(404, "MANIFEST_UNKNOWN", reader.get(manifestPath));
  }

  @Test
  void repositoryRulesOpenAndCloseRepositories() {
    // public/ is open to anonymous pulls, pushes still need a writer
    String open = "public/app-" + System.nanoTime();
    var asWriter = new RegistryClient(writer);
    String digest = asWriter.pushManifest(open, "latest", RegistryClient.OCI_MANIFEST, asWriter.imageManifest(open, 1, 512));
    assertEquals(200, anonymous.get("/v2/" + open + "/manifests/latest").statusCode());
    assertEquals(200, anonymous.get("/v2/" + open + "/tags/list").statusCode());
    assertChallenge(anonymous.post("/v2/" + open + "/blobs/uploads/"));

    // team-x/ belongs to a role none of the test users has: only admins get in
    String secret = "team-x/secret-" + System.nanoTime();
    var asAdmin = new RegistryClient(admin);
    String secretManifest = asAdmin.imageManifest(secret, 1, 512);
    asAdmin.pushManifest(secret, "v1", RegistryClient.OCI_MANIFEST, secretManifest);
    assertError(403, "DENIED", reader.get("/v2/" + secret + "/manifests/v1"));
    assertError(403, "DENIED", writer.post("/v2/" + secret + "/blobs/uploads/"));

    // docker search lists only what the caller may pull
    HttpResponse<byte[]> found = reader.get("/v1/search?q=secret-");
    assertEquals(200, found.statusCode(), Http.text(found));
    assertFalse(Http.text(found).contains(secret), Http.text(found));
    assertTrue(Http.text(admin.get("/v1/search?q=secret-")).contains(secret));
    assertChallenge(anonymous.get("/v1/search?q=app"));
    assertEquals(200, anonymous.get("/v1/_ping").statusCode());

    // a mount from a repository the writer may not read starts a plain upload instead
    String layer = secretManifest.replaceAll("(?s).*\"layers\":\\[\\{[^}]*\"digest\":\"(sha256:[0-9a-f]{64})\".*", "$1");
    HttpResponse<byte[]> mount = writer.post("/v2/auth/mine-" + System.nanoTime() + "/blobs/uploads/?mount=" + layer + "&from=" + secret);
    assertEquals(202, mount.statusCode(), Http.text(mount));
    assertTrue(digest.startsWith("sha256:"));
  }

  /** The server's log, when the build names it: no password may ever reach it. */
  @AfterAll
  static void passwordsNeverReachTheLog() throws IOException {
    String log = System.getProperty("it.server.log", "");
    if (log.isEmpty()) {
      return;
    }
    Path file = Path.of(log);
    assertTrue(Files.exists(file), "server log " + file + " named by it.server.log does not exist");
    String text = Files.readString(file, StandardCharsets.ISO_8859_1);
    for (String secret : List.of(READER_PW, WRITER_PW, ADMIN_PW, "wrong-password")) {
      assertFalse(text.contains(secret), "the server log contains a password");
    }
  }
}
