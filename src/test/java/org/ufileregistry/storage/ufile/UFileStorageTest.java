package org.ufileregistry.storage.ufile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.inject.spi.DeploymentException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ufileregistry.ufile.control.UFileClient;
import org.ufileregistry.ufile.fake.FakeUFile;

/** Bad UFile configuration fails the deployment with a message naming the key, never the secret. */
class UFileStorageTest {
  @TempDir Path dataDir;

  private static UFileStorage storage(UFileClient client) {
    UFileStorage s = new UFileStorage();
    s.client = client;
    s.prefix = Optional.empty();
    s.retries = 0;
    s.retryIntervalSeconds = 1;
    s.redirectExpirySeconds = 60;
    s.maxPartBuffers = 2;
    return s;
  }

  @Test
  void aWrongPrivateKeyIsNamedButNotShown() {
    try (FakeUFile fake = FakeUFile.start(dataDir, "test-bucket", "pub", "the-right-secret")) {
      UFileClient client = new UFileClient(Optional.of(fake.baseUrl()), Optional.of("test-bucket"),
          Optional.of("pub"), Optional.of("a-wrong-secret-4711"), 10);
      DeploymentException e = assertThrows(DeploymentException.class, () -> storage(client).driver());
      assertTrue(e.getMessage().contains("ufile.private-key"), e.getMessage());
      assertFalse(e.getMessage().contains("a-wrong-secret-4711"), e.getMessage());
      assertFalse(e.getMessage().contains("the-right-secret"), e.getMessage());
    }
  }

  @Test
  void aMissingKeyIsNamed() {
    UFileClient client = new UFileClient(Optional.of("http://my-bucket.cn-bj.ufileos.com"), Optional.empty(),
        Optional.empty(), Optional.of("secret-0815"), 10);
    DeploymentException e = assertThrows(DeploymentException.class, () -> storage(client).driver());
    assertTrue(e.getMessage().contains("ufile.public-key"), e.getMessage());
    assertFalse(e.getMessage().contains("secret-0815"), e.getMessage());
  }

  @Test
  void anIpAddressNeedsAnExplicitBucket() {
    UFileClient client = new UFileClient(Optional.of("http://127.0.0.1:1"), Optional.empty(),
        Optional.of("pub"), Optional.of("priv"), 10);
    DeploymentException e = assertThrows(DeploymentException.class, () -> storage(client).driver());
    assertTrue(e.getMessage().contains("ufile.bucket"), e.getMessage());
  }
}
