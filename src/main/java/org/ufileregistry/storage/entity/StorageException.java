package org.ufileregistry.storage.entity;

/** A backend failure: I/O error, unreachable service, refused request. */
public class StorageException extends RuntimeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
