package org.ufileregistry.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.ufileregistry.it.Http;
import org.ufileregistry.it.RegistryClient;
import org.ufileregistry.it.RegistryDeployment;

/**
 * The registry's counters on the server's own metrics endpoint (Prometheus text), moving after a
 * push and a pull: WildFly's micrometer /prometheus on the management port, Liberty and Payara
 * /metrics. The build names the endpoint in {@code it.metrics.url}.
 */
class MetricsIT extends RegistryDeployment {
  private final Http http = new Http(registry());
  private final URI metricsUrl = URI.create(System.getProperty("it.metrics.url",
      "http://127.0.0.1:" + System.getProperty("it.management.port", "19990") + "/prometheus"));

  @Test
  void pushPullBytesErrorsAndStorageLatencyAreCounted() {
    String before = scrape();
    var client = new RegistryClient(http);
    String repo = "metrics/app-" + System.nanoTime();
    String manifest = client.imageManifest(repo, 2, 100_000);
    client.pushManifest(repo, "v1", RegistryClient.OCI_MANIFEST, manifest);
    String layer = manifest.replaceAll("(?s).*\"layers\":\\[\\{[^}]*\"digest\":\"(sha256:[0-9a-f]{64})\".*", "$1");
    assertEquals(200, http.get("/v2/" + repo + "/manifests/v1").statusCode());
    assertEquals(200, http.get("/v2/" + repo + "/blobs/" + layer).statusCode());
    assertEquals(404, http.get("/v2/" + repo + "/manifests/nope").statusCode());
    String after = scrape();

    assertTrue(sum(after, "registry_pushes", "") >= sum(before, "registry_pushes", "") + 1, after);
    assertTrue(sum(after, "registry_pulls", "") >= sum(before, "registry_pulls", "") + 1, after);
    // two layers and a config went in, one layer came out
    assertTrue(sum(after, "registry_bytes_in", "") >= sum(before, "registry_bytes_in", "") + 200_000, after);
    assertTrue(sum(after, "registry_bytes_out", "") >= sum(before, "registry_bytes_out", "") + 100_000, after);
    assertTrue(sum(after, "registry_errors", "code=\"MANIFEST_UNKNOWN\"")
        >= sum(before, "registry_errors", "code=\"MANIFEST_UNKNOWN\"") + 1, after);
    assertTrue(count(after, "registry_storage_latency") > count(before, "registry_storage_latency"), after);
  }

  private String scrape() {
    HttpResponse<byte[]> r = new Http(metricsUrl).get(metricsUrl.toString());
    assertEquals(200, r.statusCode(), () -> metricsUrl + ": " + Http.text(r));
    return Http.text(r);
  }

  /** Sum of the *_total samples of a counter family whose labels contain {@code label}. */
  static double sum(String text, String family, String label) {
    double total = 0;
    for (String line : text.split("\n")) {
      String name = line.split("[{ ]", 2)[0];
      if (!line.startsWith("#") && name.startsWith(family) && name.endsWith("_total") && line.contains(label)) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  /** Sum of the *_count samples (number of timed calls) of a timer family. */
  static double count(String text, String family) {
    double total = 0;
    for (String line : text.split("\n")) {
      String name = line.split("[{ ]", 2)[0];
      if (!line.startsWith("#") && name.startsWith(family) && name.endsWith("_count")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }
}
