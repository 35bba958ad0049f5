package org.ufileregistry.storage.ufile;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import org.ufileregistry.ufile.control.UFileClient;
import org.ufileregistry.ufile.entity.UFileObject;
import org.ufileregistry.ufile.entity.UFileUnavailableException;

/**
 * How multipart parts travel: on a shared executor, with a global cap on the part buffers in
 * flight so that the heap stays bounded however many layers are pushed at once, and with
 * finishing made safe to retry.
 */
public class UFileParts {
  private final ExecutorService executor;
  private final Semaphore buffersInFlight;
  private final int retries;
  private final Duration retryInterval;

  /**
   * @param maxBuffersInFlight part buffers (one block each) being uploaded at once, registry-wide
   * @param retries how often an unanswered finish is checked and tried again ({@code ufile.retries})
   */
  public UFileParts(ExecutorService executor, int maxBuffersInFlight, int retries, Duration retryInterval) {
    this.executor = executor;
    this.buffersInFlight = new Semaphore(maxBuffersInFlight, true);
    this.retries = retries;
    this.retryInterval = retryInterval;
  }

  int retries() {
    return retries;
  }

  ExecutorService executor() {
    return executor;
  }

  Semaphore buffersInFlight() {
    return buffersInFlight;
  }

  /**
   * Finishes a multipart upload. UFile forgets an upload once it finished, so when the answer is
   * lost the object is checked first: if it is there with the expected size, the finish did
   * happen; only otherwise is it tried again.
   */
  void finish(UFileClient ufile, String key, String uploadId, String destination, List<String> etags, long size) {
    for (int attempt = 0; ; attempt++) {
      try {
        ufile.finish(key, uploadId, destination, etags);
        return;
      } catch (UFileUnavailableException | org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException e) {
        UFileObject o = headQuietly(ufile, destination);
        if (o != null && o.size() == size) {
          return;
        }
        if (attempt >= retries) {
          throw e;
        }
        sleep();
      }
    }
  }

  private static UFileObject headQuietly(UFileClient ufile, String key) {
    try {
      return ufile.head(key);
    } catch (RuntimeException stillDown) {
      return null;
    }
  }

  private void sleep() {
    try {
      Thread.sleep(retryInterval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UFileUnavailableException("interrupted while finishing an upload", e);
    }
  }
}
