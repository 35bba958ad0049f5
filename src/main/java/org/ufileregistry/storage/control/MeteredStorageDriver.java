package org.ufileregistry.storage.control;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.ufileregistry.metrics.control.RegistryMetrics;
import org.ufileregistry.storage.entity.FileInfo;

/**
 * Times every call into the storage driver, whichever it is, for the storage latency metric.
 * Streams are timed until they are open (time to first byte), writers until commit.
 */
final class MeteredStorageDriver implements StorageDriver {
  private final StorageDriver driver;
  private final RegistryMetrics metrics;

  MeteredStorageDriver(StorageDriver driver, RegistryMetrics metrics) {
    this.driver = driver;
    this.metrics = metrics;
  }

  private <T> T timed(String op, Supplier<T> call) {
    long start = System.nanoTime();
    try {
      return call.get();
    } finally {
      metrics.storageCall(op, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private void timedRun(String op, Runnable call) {
    timed(op, () -> {
      call.run();
      return null;
    });
  }

  @Override
  public String name() {
    return driver.name();
  }

  @Override
  public byte[] getContent(String path) {
    return timed("get-content", () -> driver.getContent(path));
  }

  @Override
  public void putContent(String path, byte[] content) {
    timedRun("put-content", () -> driver.putContent(path, content));
  }

  @Override
  public InputStream reader(String path, long offset) {
    return timed("reader", () -> driver.reader(path, offset));
  }

  @Override
  public FileWriter writer(String path, boolean append) {
    FileWriter w = timed("writer", () -> driver.writer(path, append));
    return new FileWriter() {
      @Override
      public long size() {
        return w.size();
      }

      @Override
      public void commit() {
        timedRun("commit", w::commit);
      }

      @Override
      public void commit(String destination) {
        timedRun("commit", () -> w.commit(destination));
      }

      @Override
      public void cancel() {
        timedRun("cancel", w::cancel);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        w.write(b, off, len);
      }

      @Override
      public void close() {
        w.close();
      }
    };
  }

  @Override
  public FileInfo stat(String path) {
    return timed("stat", () -> driver.stat(path));
  }

  @Override
  public boolean exists(String path) {
    return timed("stat", () -> driver.exists(path));
  }

  @Override
  public List<String> list(String path) {
    return timed("list", () -> driver.list(path));
  }

  @Override
  public void move(String sourcePath, String destPath) {
    timedRun("move", () -> driver.move(sourcePath, destPath));
  }

  @Override
  public void delete(String path) {
    timedRun("delete", () -> driver.delete(path));
  }

  @Override
  public Optional<URI> redirectUrl(String method, String path) {
    return driver.redirectUrl(method, path);
  }

  @Override
  public void walk(String path, Visitor visitor) {
    driver.walk(path, visitor);
  }
}
