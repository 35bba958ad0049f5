package org.ufileregistry.storage.entity;

/** A read offset that is negative or past the end of the file. */
public class InvalidOffsetException extends StorageException {
  public InvalidOffsetException(String path, long offset) {
    super("invalid offset " + offset + " for " + path);
  }
}
