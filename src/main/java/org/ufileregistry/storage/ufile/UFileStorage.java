package org.ufileregistry.storage.ufile;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.ufileregistry.ufile.control.UFileClient;
import org.ufileregistry.ufile.entity.UFileException;
import org.ufileregistry.ufile.entity.UFileUnavailableException;

/**
 * The UFile storage service: builds the UFile driver from MicroProfile Config and checks, once at
 * deployment, that the bucket answers and accepts the credentials, so a wrong key fails the
 * deployment with a message naming the key (never the secret) instead of failing the first push.
 */
@ApplicationScoped
public class UFileStorage {
  private static final Logger LOG = Logger.getLogger(UFileStorage.class.getName());

  @Inject UFileClient client;

  @Inject
  @ConfigProperty(name = "ufile.prefix")
  Optional<String> prefix;

  @Inject
  @ConfigProperty(name = "ufile.retries", defaultValue = "3")
  int retries;

  @Inject
  @ConfigProperty(name = "ufile.retry-interval", defaultValue = "1")
  long retryIntervalSeconds;

  @Inject
  @ConfigProperty(name = "ufile.redirect-expiry", defaultValue = "1200")
  long redirectExpirySeconds;

  @Inject
  @ConfigProperty(name = "ufile.max-part-buffers", defaultValue = "8")
  int maxPartBuffers;

  /** The server's default executor, used where the registry's own (web.xml) is not offered. */
  @Resource ManagedExecutorService defaultExecutor;

  private ManagedExecutorService partExecutor() {
    try {
      return InitialContext.doLookup("java:app/concurrent/ufile-parts");
    } catch (NamingException notDefined) {
      LOG.warning("java:app/concurrent/ufile-parts (web.xml managed-executor) not found, UFile parts use the "
          + "server's default executor: " + notDefined);
      return defaultExecutor;
    }
  }

  public UFileDriver driver() {
    String trimmed = prefix.orElse("").replaceAll("^/+|/+$", "");
    String keyPrefix = trimmed.isEmpty() ? "" : trimmed + "/";
    try {
      client.list(keyPrefix, "", "/", 1);
    } catch (IllegalStateException misconfigured) {
      throw new DeploymentException(misconfigured.getMessage());
    } catch (UFileException refused) {
      throw new DeploymentException(
          "UFile refused the registry's requests to bucket " + client.bucket()
              + ": check ufile.public-key and ufile.private-key (and ufile.bucket); UFile said: " + refused.getMessage());
    } catch (UFileUnavailableException | FaultToleranceException down) {
      // Deploy anyway: readiness reports DOWN until UFile answers.
      LOG.warning("UFile does not answer yet: " + down);
    }
    LOG.info(() -> "registry storage: ufile bucket " + client.bucket() + (keyPrefix.isEmpty() ? "" : " prefix " + keyPrefix));
    return new UFileDriver(
        client,
        keyPrefix,
        Duration.ofSeconds(redirectExpirySeconds),
        new UFileParts(partExecutor(), maxPartBuffers, retries, Duration.ofSeconds(retryIntervalSeconds)));
  }
}
