package org.ufileregistry.storage.entity;

/** The path does not exist in storage. */
public class PathNotFoundException extends StorageException {
  private final String path;

  public PathNotFoundException(String path) {
    super("path not found: " + path);
    this.path = path;
  }

  public String path() {
    return path;
  }
}
