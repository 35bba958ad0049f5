package org.ufileregistry.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;

/**
 * What an operator does with jboss-cli, from a test: run management operations and {@code :reload}.
 * WildFly only (the Liberty and Payara builds do not compile {@code *WildFly*} test classes).
 */
public final class WildFlyManagement {
  private final ManagementClient management;
  private final Http registry;

  public WildFlyManagement(ManagementClient management, Http registry) {
    this.management = management;
    this.registry = registry;
  }

  public ModelNode execute(ModelNode op) throws IOException {
    ModelNode result = management.getControllerClient().execute(op);
    assertEquals("success", result.get("outcome").asString(), result.toString());
    return result;
  }

  /**
   * Reloads the server and waits until the redeployed registry answers {@code GET /v2/} with
   * {@code readyStatus} (200, or 401 when authentication is on). The management connection does
   * not survive a reload, so the registry's own endpoint tells when it is back.
   */
  public void reload(int readyStatus) throws Exception {
    ModelNode reload = new ModelNode();
    reload.get("operation").set("reload");
    try {
      execute(reload);
    } catch (IOException answerLost) {
      // The server may restart before its answer leaves ("JBTHR00004: Operation was cancelled",
      // seen once when the stop took 59 ms): the reload is under way all the same, and the
      // registry's own endpoint below tells when it is back.
    }
    Thread.sleep(3000);
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (registry.get("/v2/").statusCode() == readyStatus) {
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
