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
   * Finishes a multipart upload and returns the key the object is stored under: {@code
   * destination} or, where UFile kept the upload's own key, {@code key}. UFile forgets an upload
   * once it finished, so when the answer is lost the object is looked for first: if it is there
   * with the expected size, the finish did happen; only otherwise is it tried again.
   */
  String finish(UFileClient ufile, String key, String uploadId, String destination, List<String> etags, long size) {
    for (int attempt = 0; ; attempt++) {
      try {
        String stored = ufile.finish(key, uploadId, destination, etags);
        if (stored != null) {
          return stored;
        }
        return sizeIs(ufile, destination, size) ? destination : key;
      } catch (UFileUnavailableException | org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException e) {
        if (sizeIs(ufile, destination, size)) {
          return destination;
        }
        if (sizeIs(ufile, key, size)) {
          return key;
        }
        if (attempt >= retries) {
          throw e;
        }
        sleep();
      }
    }
  }

  private static boolean sizeIs(UFileClient ufile, String key, long size) {
    UFileObject o = headQuietly(ufile, key);
    return o != null && o.size() == size;
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
