package org.ufileregistry.storage.inmemory;

import org.ufileregistry.storage.control.StorageDriver;
import org.ufileregistry.storage.control.StorageDriverContract;

class InMemoryDriverTest extends StorageDriverContract {
  @Override
  protected StorageDriver createDriver() {
    return new InMemoryDriver();
  }
}
