package org.ufileregistry.ufile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.Test;
import org.ufileregistry.it.Http;
import org.ufileregistry.it.RegistryClient;
import org.ufileregistry.it.RegistryDeployment;
import org.ufileregistry.it.WildFlyManagement;

/**
 * An operator lowers {@code ufile.timeout} with WildFly's management tooling (what
 * {@code jboss-cli.sh --connect --command='/system-property=ufile.timeout:add(value=1)'} followed by
 * {@code :reload} does) and slow UFile calls now time out: the Fault Tolerance timeout follows
 * the seed key, not a value compiled into the WAR.
 */
class TimeoutConfigUFileIT extends RegistryDeployment {
  @ArquillianResource ManagementClient management;

  private WildFlyManagement admin() {
    return new WildFlyManagement(management, http);
  }

  private final Http http = new Http(registry());
  private final RegistryClient client = new RegistryClient(http);
  private final Http ufile = new Http(URI.create(System.getProperty("it.ufile.baseurl", "http://127.0.0.1:19700") + "/"));

  @Test
  void aTimeoutSetThroughTheManagementModelTakesEffectAfterReload() throws Exception {
    String digest = client.pushBlob("timeout/app", client.randomBytes(1000));
    String blob = "/v2/timeout/app/blobs/" + digest;
    faults("latencyMs=2500&ops=HeadFile");
    try {
      HttpResponse<byte[]> slow = http.head(blob);
      assertEquals(200, slow.statusCode(), "2.5 s UFile calls are fine under the default 60 s timeout");

      admin().execute(op("add", "ufile.timeout", "1"));
      admin().reload(200);
      long start = System.nanoTime();
      HttpResponse<byte[]> timedOut = http.head(blob);
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      assertEquals(503, timedOut.statusCode(), "each 2.5 s call now exceeds the 1 s timeout");
      assertTrue(seconds < 20, "retried and gave up in " + seconds + " s");
    } finally {
      faults("");
      ModelNode remove = op("remove", "ufile.timeout", null);
      management.getControllerClient().execute(remove);
      admin().reload(200);
    }
    assertEquals(200, http.head(blob).statusCode());
  }

  private void faults(String query) {
    ufile.send(ufile.request("__fake/faults" + (query.isEmpty() ? "" : "?" + query)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static ModelNode op(String name, String property, String value) {
    ModelNode op = new ModelNode();
    op.get("operation").set(name);
    op.get("address").add("system-property", property);
    if (value != null) {
      op.get("value").set(value);
    }
    return op;
  }
}
