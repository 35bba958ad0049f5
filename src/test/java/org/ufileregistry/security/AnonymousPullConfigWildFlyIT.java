package org.ufileregistry.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.Test;
import org.ufileregistry.it.Http;
import org.ufileregistry.it.RegistryClient;
import org.ufileregistry.it.RegistryDeployment;
import org.ufileregistry.it.WildFlyManagement;

/**
 * Anonymous pull is off until an operator turns it on, here the way server-config/wildfly/README.md
 * says: a MicroProfile Config source in the management model, then {@code :reload}. WildFly only
 * (management API); runs in the WildFly "auth" run.
 */
class AnonymousPullConfigWildFlyIT extends RegistryDeployment {
  @ArquillianResource ManagementClient management;

  private WildFlyManagement admin() {
    return new WildFlyManagement(management, anonymous);
  }

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
    admin().execute(add);
    try {
      admin().reload(401);
      assertEquals(200, anonymous.get(manifest).statusCode(), "anonymous pull once enabled");
      assertEquals(401, anonymous.post("/v2/" + repo + "/blobs/uploads/").statusCode(), "pushes still need a writer");
    } finally {
      admin().execute(configSource("remove"));
      admin().reload(401);
    }
    assertEquals(401, anonymous.get(manifest).statusCode(), "off again after removing the key");
  }

  /** Elytron keeps a programmatic login in a new session; StatelessFilter must end each one. */
  @Test
  void signedInRequestsLeaveNoSessionsBehind() throws Exception {
    for (int i = 0; i < 20; i++) {
      assertEquals(200, writer.get("/v2/").statusCode());
    }
    ModelNode read = new ModelNode();
    read.get("operation").set("read-attribute");
    read.get("address").add("deployment", "ufile-registry.war").add("subsystem", "undertow");
    read.get("name").set("active-sessions");
    read.get("include-runtime").set(true);
    ModelNode result = management.getControllerClient().execute(read);
    assertEquals("success", result.get("outcome").asString(), result.toString());
    assertEquals(0, result.get("result").asInt(), "active sessions after 20 signed-in requests: " + result);
  }

  private static ModelNode configSource(String operation) {
    ModelNode op = new ModelNode();
    op.get("operation").set(operation);
    op.get("address").add("subsystem", "microprofile-config-smallrye").add("config-source", "registry-it");
    return op;
  }
}
