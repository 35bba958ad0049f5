package org.ufileregistry.storage.ufile;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.ufileregistry.storage.control.StorageDriver;
import org.ufileregistry.storage.control.StorageDriverContract;
import org.ufileregistry.ufile.control.UFileClient;

/**
 * The storage contract against a real UFile bucket, opt-in: set UFILE_BASEURL, UFILE_PUBLIC_KEY
 * and UFILE_PRIVATE_KEY (and UFILE_BUCKET when the URL is an IP address or custom domain). Every
 * run works below a fresh key prefix and the contract checks that it leaves nothing behind.
 */
@EnabledIfEnvironmentVariable(
    named = "UFILE_BASEURL",
    matches = ".+",
    disabledReason = "no real UFile bucket: set UFILE_BASEURL, UFILE_PUBLIC_KEY and UFILE_PRIVATE_KEY to run the storage contract against one")
class UFileRealBucketTest extends StorageDriverContract {
  private ExecutorService executor;
  private ExecutorService lookups;

  @Override
  protected StorageDriver createDriver() {
    executor = Executors.newFixedThreadPool(4);
    lookups = Executors.newFixedThreadPool(4);
    UFileClient client = new UFileClient(
        Optional.of(System.getenv("UFILE_BASEURL")),
        Optional.ofNullable(System.getenv("UFILE_BUCKET")),
        Optional.ofNullable(System.getenv("UFILE_PUBLIC_KEY")),
        Optional.ofNullable(System.getenv("UFILE_PRIVATE_KEY")),
        60);
    String prefix = "ufile-registry-contract/" + UUID.randomUUID() + "/";
    return new UFileDriver(client, prefix, Duration.ofMinutes(20), new UFileParts(executor, lookups, 8, 3, Duration.ofSeconds(1)));
  }

  @Override
  protected void afterEmptinessCheck() {
    executor.shutdownNow();
    lookups.shutdownNow();
  }
}
