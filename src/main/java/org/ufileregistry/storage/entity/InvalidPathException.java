package org.ufileregistry.storage.entity;

/** A path that does not follow the storage path grammar; nothing was touched. */
public class InvalidPathException extends StorageException {
  public InvalidPathException(String path) {
    super("invalid storage path: " + path);
  }
}
