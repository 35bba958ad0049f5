package org.ufileregistry.e2e;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ufileregistry.it.RegistryDeployment;

/**
 * Common ground of the end-to-end tests: the registry address the clients are pointed at, and a
 * plain HTTP view of the registry used to check what a client claims it did.
 */
abstract class E2EBase extends RegistryDeployment {

  // Follows redirects as registry clients do: with storage redirects on, blobs come from UFile.
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();

  /**
   * host:port of the registry under test. {@code -De2e.registry=127.0.0.1:5000} points the same
   * tests at a reference registry (Debian docker-registry), which tells a test bug from a server
   * bug; WildFly is still started, just not talked to.
   */
  static String host() {
    return System.getProperty("e2e.registry", registryHost());
  }

  static URI base() {
    return URI.create("http://" + host() + "/");
  }

  /** The registry's own answer, without going through any client. */
  static HttpResponse<byte[]> http(String method, String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static int headBlob(String repository, String digest) {
    return http("HEAD", "v2/" + repository + "/blobs/" + digest).statusCode();
  }

  static HttpResponse<byte[]> getManifest(String repository, String reference) {
    return http("GET", "v2/" + repository + "/manifests/" + reference, "Accept",
        String.join(", ", OciLayout.MANIFEST, OciLayout.INDEX,
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json"));
  }

  static List<String> cmd(List<String> prefix, String... args) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(Arrays.asList(args));
    return all;
  }

  /** "response 404 with body ..." for assertion messages about a direct HTTP check. */
  static String describe(HttpResponse<byte[]> r) {
    return r.request().method() + " " + r.uri() + " -> " + r.statusCode() + " " + r.headers().map() + "\n"
        + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The layer tars of a docker-archive (docker save, podman save), in manifest order: the form in
   * which a user gets a pulled layer's content back out of a client.
   */
  static List<byte[]> dockerArchiveLayers(Path archive, Path scratch) throws IOException {
    Files.createDirectories(scratch);
    Proc.run(List.of("tar", "-xf", archive.toString(), "-C", scratch.toString())).ok();
    JsonArray manifest = OciLayout.jsonValue(Files.readString(scratch.resolve("manifest.json"))).asJsonArray();
    List<byte[]> layers = new ArrayList<>();
    for (String layer : strings(manifest.getJsonObject(0).getJsonArray("Layers"))) {
      layers.add(Files.readAllBytes(scratch.resolve(layer)));
    }
    return layers;
  }

  /** A JSON string array as a list; JSON null (e.g. "Tags": null) reads as empty. */
  static List<String> strings(JsonValue array) {
    if (array == null || array.getValueType() == JsonValue.ValueType.NULL) {
      return List.of();
    }
    return array.asJsonArray().getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }
}
