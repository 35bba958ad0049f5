package org.ufileregistry.ufile.entity;

import org.ufileregistry.storage.entity.StorageException;

/**
 * A failure worth retrying: no response (connection refused or reset, timeout) or a 5xx, 408 or
 * 429 from UFile. Only these trigger the retries and open the circuit breaker.
 */
public class UFileUnavailableException extends StorageException {
  public UFileUnavailableException(String message) {
    super(message);
  }

  public UFileUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
