package org.ufileregistry.ufile.entity;

import org.ufileregistry.storage.entity.StorageException;

/**
 * UFile refused a request for a reason that a retry will not change (400, 403, 416, ...). The
 * message carries UFile's RetCode and ErrMsg and the request id, never credentials.
 */
public class UFileException extends StorageException {
  private final int status;

  public UFileException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
