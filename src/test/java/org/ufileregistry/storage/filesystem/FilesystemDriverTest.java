package org.ufileregistry.storage.filesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ufileregistry.storage.control.StorageDriver;
import org.ufileregistry.storage.control.StorageDriverContract;
import org.ufileregistry.storage.entity.InvalidPathException;

class FilesystemDriverTest extends StorageDriverContract {
  @TempDir Path root;

  @Override
  protected StorageDriver createDriver() {
    return new FilesystemDriver(root.resolve("storage"), true);
  }

  @Test
  void nothingIsWrittenOutsideTheRoot() throws Exception {
    Path outside = root.resolve("outside");
    assertThrows(InvalidPathException.class, () -> driver.putContent("/../outside", new byte[1]));
    assertThrows(InvalidPathException.class, () -> driver.putContent("/a/../../outside", new byte[1]));
    assertEquals(false, Files.exists(outside));
  }
}
