package org.ufileregistry.storage.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ufileregistry.metrics.control.RegistryMetrics;
import org.ufileregistry.storage.filesystem.FilesystemDriver;
import org.ufileregistry.storage.inmemory.InMemoryDriver;
import org.ufileregistry.storage.ufile.UFileStorage;

/** Chooses the storage driver named by {@code registry.storage}, once, at deployment. */
@ApplicationScoped
public class StorageDriverProducer {
  private static final Logger LOG = Logger.getLogger(StorageDriverProducer.class.getName());

  @Inject
  @ConfigProperty(name = "registry.storage", defaultValue = "filesystem")
  String storage;

  @Inject
  @ConfigProperty(name = "registry.storage.filesystem.root")
  String filesystemRoot;

  @Inject
  @ConfigProperty(name = "registry.storage.filesystem.fsync", defaultValue = "true")
  boolean filesystemFsync;

  @Inject Instance<UFileStorage> ufile;
  @Inject RegistryMetrics metrics;

  @Produces
  @ApplicationScoped
  StorageDriver driver() {
    StorageDriver driver =
        switch (storage.trim()) {
          case "filesystem" -> new FilesystemDriver(Path.of(filesystemRoot), filesystemFsync);
          case "inmemory" -> new InMemoryDriver();
          case "ufile" -> ufile.get().driver();
          default -> throw new DeploymentException(
              "registry.storage must be one of filesystem, inmemory, ufile; was '" + storage + "'");
        };
    LOG.info(
        () ->
            "registry storage: "
                + driver.name()
                + ("filesystem".equals(driver.name()) ? " at " + Path.of(filesystemRoot).toAbsolutePath() : ""));
    return new MeteredStorageDriver(driver, metrics);
  }

  /** Builds the driver at deployment so that a bad configuration fails the deployment, not a push. */
  void startup(@Observes @Initialized(ApplicationScoped.class) Object ignored, StorageDriver driver) {
    driver.name();
  }
}
