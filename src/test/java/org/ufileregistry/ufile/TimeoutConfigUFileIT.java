package org.ufileregistry.ufile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

/**
 * An operator lowers {@code ufile.timeout} with WildFly's management tooling (what
 * {@code jboss-cli.sh --connect --command='/system-property=ufile.timeout:add(value=1)'} followed by
 * {@code :reload} does) and slow UFile calls now time out: the Fault Tolerance timeout follows
 * the seed key, not a value compiled into the WAR.
 */
class TimeoutConfigUFileIT extends RegistryDeployment {
  @ArquillianResource ManagementClient management;

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

      execute(op("add", "ufile.timeout", "1"));
      reload();
      long start = System.nanoTime();
      HttpResponse<byte[]> timedOut = http.head(blob);
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      assertEquals(503, timedOut.statusCode(), "each 2.5 s call now exceeds the 1 s timeout");
      assertTrue(seconds < 20, "retried and gave up in " + seconds + " s");
    } finally {
      faults("");
      ModelNode remove = op("remove", "ufile.timeout", null);
      management.getControllerClient().execute(remove);
      reload();
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

  private void execute(ModelNode op) throws IOException {
    ModelNode result = management.getControllerClient().execute(op);
    assertEquals("success", result.get("outcome").asString(), result.toString());
  }

  private void reload() throws Exception {
    ModelNode reload = new ModelNode();
    reload.get("operation").set("reload");
    execute(reload);
    // The management connection does not survive a reload; the registry's own endpoint tells
    // when the server and the redeployed WAR are back.
    Thread.sleep(3000);
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (http.get("/v2/").statusCode() == 200) {
          return;
        }
      } catch (RuntimeException reloading) {
        // the HTTP listener restarts during a reload
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("server did not come back from reload");
  }
}
