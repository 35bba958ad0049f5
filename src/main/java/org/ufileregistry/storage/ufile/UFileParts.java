package org.ufileregistry.storage.ufile;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.ufileregistry.base.control.SideBySide;
import org.ufileregistry.storage.entity.StorageException;
import org.ufileregistry.ufile.control.UFileClient;
import org.ufileregistry.ufile.entity.UFileObject;
import org.ufileregistry.ufile.entity.UFileUnavailableException;

/**
 * How the driver's requests travel: multipart parts on a shared executor, with a global cap on the
 * part buffers in flight so that the heap stays bounded however many layers are pushed at once;
 * independent small requests side by side on another executor, since each one is a round trip
 * to UFile and a push makes dozens of them; and finishing made safe to retry.
 */
public class UFileParts {
  private final ExecutorService executor;
  private final ExecutorService lookups;
  private final SideBySide sideBySide;
  private final Semaphore buffersInFlight;
  private final int retries;
  private final Duration retryInterval;

  /**
   * @param executor uploads parts
   * @param lookups runs small requests that do not depend on each other at the same time; never
   *     the part executor, whose threads may all be busy with parts for seconds
   * @param maxBuffersInFlight part buffers (one block each) being uploaded at once, registry-wide
   * @param retries how often an unanswered finish is checked and tried again ({@code ufile.retries})
   */
  public UFileParts(ExecutorService executor, ExecutorService lookups, int maxBuffersInFlight, int retries,
      Duration retryInterval) {
    this.executor = executor;
    this.lookups = lookups;
    this.sideBySide = new SideBySide(lookups);
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

  /** Starts a small request on the lookup executor; {@link #join} takes its answer. */
  <T> Future<T> start(Callable<T> request) {
    return lookups.submit(request);
  }

  /** The answer of a started request, with the exception it threw (UFile's own) unwrapped. */
  static <T> T join(Future<T> started) {
    try {
      return started.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new StorageException("UFile request failed", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      started.cancel(true);
      throw new StorageException("interrupted while waiting for UFile", e);
    }
  }

  /** Runs the requests side by side and waits for all of them; the first failure is thrown. */
  void all(List<Runnable> requests) {
    sideBySide.run(requests.toArray(Runnable[]::new));
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
