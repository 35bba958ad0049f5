package org.ufileregistry.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.Test;
import org.ufileregistry.it.Http;
import org.ufileregistry.it.RegistryClient;
import org.ufileregistry.it.RegistryDeployment;

/**
 * Anonymous pull is off until an operator turns it on, here the way server-config/wildfly/README.md
 * says: a MicroProfile Config source in the management model, then {@code :reload}. WildFly only
 * (management API); runs in the WildFly "auth" run.
 */
class AnonymousPullConfigWildFlyIT extends RegistryDeployment {
  @ArquillianResource ManagementClient management;

  private final Http anonymous = new Http(registry());
  private final Http writer = anonymous.as("it-writer", "writer-Pass-1");

  @Test
  void anonymousPullWorksOnlyWhenEnabled() throws Exception {
    String repo = "private/app-" + System.nanoTime();
    var client = new RegistryClient(writer);
    client.pushManifest(repo, "v1", RegistryClient.OCI_MANIFEST, client.imageManifest(repo, 1, 256));
    String manifest = "/v2/" + repo + "/manifests/v1";
    assertEquals(401, anonymous.get(manifest).statusCode());

    ModelNode add = configSource("add");
    add.get("ordinal").set(500);
    add.get("properties").get("registry.auth.anonymous-pull").set("true");
    execute(add);
    try {
      reload();
      assertEquals(200, anonymous.get(manifest).statusCode(), "anonymous pull once enabled");
      assertEquals(401, anonymous.post("/v2/" + repo + "/blobs/uploads/").statusCode(), "pushes still need a writer");
    } finally {
      execute(configSource("remove"));
      reload();
    }
    assertEquals(401, anonymous.get(manifest).statusCode(), "off again after removing the key");
  }

  private static ModelNode configSource(String operation) {
    ModelNode op = new ModelNode();
    op.get("operation").set(operation);
    op.get("address").add("subsystem", "microprofile-config-smallrye").add("config-source", "registry-it");
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
    Thread.sleep(3000);
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        // 401 is an answer from the redeployed registry: authentication is on here
        if (anonymous.get("/v2/").statusCode() == 401) {
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
