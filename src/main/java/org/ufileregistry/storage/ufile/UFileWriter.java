package org.ufileregistry.storage.ufile;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.ufileregistry.ufile.entity.Body;
import org.ufileregistry.storage.control.FileWriter;
import org.ufileregistry.storage.entity.StorageException;
import org.ufileregistry.ufile.control.UFileClient;
import org.ufileregistry.ufile.entity.MultipartUpload;
import org.ufileregistry.ufile.entity.UFileObject;

/**
 * Streams a file into a UFile multipart upload: bytes collect in a one-block buffer, each full
 * block goes up as the next part while the following block fills, and whatever does not fill a
 * block is kept as the writer's tail in the bucket when the writer closes, so the next writer
 * (on any instance) continues exactly where this one stopped.
 */
final class UFileWriter extends FileWriter {
  /** Buffer size until Initiate tells the bucket's block size (4 MiB on the public cloud). */
  static final int FIRST_BLOCK = 4 * 1024 * 1024;
  /** Parts of one writer on the wire at once: enough to hide UFile's per-request latency. */
  private static final int PARTS_IN_FLIGHT_PER_WRITER = 6;

  private record Pending(int partNumber, Future<String> etag) {}

  private final UFileDriver driver;
  private final UFileClient ufile;
  private final String path;
  private final String key;
  private final List<String> etags = new ArrayList<>();
  private final Deque<Pending> pending = new ArrayDeque<>();
  private String uploadId;
  private int blockSize;
  private byte[] buffer;
  private int buffered;
  private boolean closed;
  /** A part failed: what this writer sent is not recorded, so the next writer resumes before it. */
  private boolean failed;
  /** Continues a saved state: closing without a write leaves that state as it is. */
  private boolean resumed;
  private boolean written;

  UFileWriter(UFileDriver driver, String path, String key, boolean append) {
    this.driver = driver;
    this.ufile = driver.ufile();
    this.path = path;
    this.key = key;
    UFileParts parts = driver.parts();
    if (!append) {
      Future<Boolean> deleted = parts.start(() -> ufile.delete(key));
      driver.discardWriterState(key);
      UFileParts.join(deleted);
      buffer = new byte[FIRST_BLOCK];
      return;
    }
    // Whether there is committed content matters only without a state: ask both at once.
    Future<UFileObject> committed = parts.start(() -> ufile.head(key));
    UFileDriver.WriterState state = driver.readState(key);
    if (state != null) {
      uploadId = state.uploadId();
      blockSize = state.blockSize();
      etags.addAll(state.etags());
      byte[] tail = state.tail();
      buffer = new byte[uploadId == null ? Math.max(FIRST_BLOCK, tail.length) : blockSize];
      System.arraycopy(tail, 0, buffer, 0, tail.length);
      buffered = tail.length;
      resumed = true;
      return;
    }
    UFileObject o = UFileParts.join(committed);
    if (o != null && o.size() > 0) {
      throw new StorageException("cannot append to committed content at " + path);
    }
    buffer = new byte[FIRST_BLOCK];
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensureOpen();
    written |= len > 0;
    while (len > 0) {
      int n = Math.min(len, buffer.length - buffered);
      System.arraycopy(b, off, buffer, buffered, n);
      buffered += n;
      off += n;
      len -= n;
      if (buffered == buffer.length) {
        flushFullBlocks();
      }
    }
  }

  private void flushFullBlocks() {
    if (uploadId == null) {
      MultipartUpload upload = ufile.initiate(key);
      uploadId = upload.uploadId();
      blockSize = upload.blockSize();
      if (blockSize > buffer.length) {
        buffer = Arrays.copyOf(buffer, blockSize);
        return;
      }
    }
    if (buffered == blockSize) {
      // the usual case: hand the full buffer over instead of copying it
      sendPart(buffer);
      buffer = new byte[blockSize];
      buffered = 0;
      return;
    }
    int from = 0;
    while (buffered - from >= blockSize) {
      sendPart(Arrays.copyOfRange(buffer, from, from + blockSize));
      from += blockSize;
    }
    byte[] rest = new byte[blockSize];
    System.arraycopy(buffer, from, rest, 0, buffered - from);
    buffer = rest;
    buffered -= from;
  }

  private void sendPart(byte[] part) {
    while (pending.size() >= PARTS_IN_FLIGHT_PER_WRITER) {
      collect(pending.removeFirst());
    }
    int partNumber = etags.size();
    etags.add(null);
    UFileParts parts = driver.parts();
    parts.buffersInFlight().acquireUninterruptibly();
    try {
      Future<String> etag = parts.executor().submit(() -> {
        try (Body body = Body.of(part)) {
          return ufile.uploadPart(key, uploadId, partNumber, body);
        } finally {
          parts.buffersInFlight().release();
        }
      });
      pending.addLast(new Pending(partNumber, etag));
    } catch (RuntimeException rejected) {
      parts.buffersInFlight().release();
      throw rejected;
    }
  }

  private void collect(Pending p) {
    try {
      etags.set(p.partNumber(), p.etag().get());
    } catch (ExecutionException e) {
      failed = true;
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r
          : new StorageException("uploading part " + p.partNumber() + " of " + path + " failed", cause);
    } catch (InterruptedException e) {
      failed = true;
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while uploading " + path, e);
    }
  }

  private void awaitParts() {
    RuntimeException first = null;
    while (!pending.isEmpty()) {
      try {
        collect(pending.removeFirst());
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public long size() {
    return (long) etags.size() * blockSize + buffered;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    awaitParts();
    if (failed) {
      // Keep the state of the last writer that finished: its parts and tail are all in place,
      // and parts this writer uploaded under later numbers are simply uploaded again.
      return;
    }
    if (resumed && !written) {
      return; // the saved state is still exact
    }
    driver.saveState(key, new UFileDriver.WriterState(
        uploadId, uploadId == null ? 0 : blockSize, List.copyOf(etags), Arrays.copyOf(buffer, buffered), Instant.now()));
  }

  @Override
  public void commit() {
    commit(path);
  }

  @Override
  public void commit(String destination) {
    ensureOpen();
    String destinationKey = driver.destinationKey(destination);
    awaitParts();
    closed = true;
    if (uploadId == null) {
      try (Body body = Body.of(Arrays.copyOf(buffer, buffered))) {
        ufile.put(destinationKey, body);
      }
    } else {
      long size = size();
      if (buffered > 0) {
        try (Body body = Body.of(Arrays.copyOf(buffer, buffered))) {
          etags.add(ufile.uploadPart(key, uploadId, etags.size(), body));
        }
      }
      String stored = driver.parts().finish(ufile, key, uploadId, destinationKey, etags, size);
      if (!stored.equals(destinationKey)) {
        // UFile's docs give newKey only when the upload's key was taken meanwhile: the object may
        // well be under the upload's key, and must not be acknowledged as the blob until moved.
        driver.renameKey(stored, destinationKey);
      }
    }
    ufile.delete(key + UFileDriver.STATE);
  }

  @Override
  public void cancel() {
    closed = true;
    try {
      awaitParts();
    } catch (RuntimeException ignored) {
      // the upload is being thrown away anyway
    }
    List<Runnable> discard = new ArrayList<>();
    if (uploadId != null) {
      discard.add(() -> ufile.abort(key, uploadId));
    }
    discard.add(() -> ufile.delete(key + UFileDriver.STATE));
    discard.add(() -> ufile.delete(key));
    driver.parts().all(discard);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("writer on " + path + " is closed");
    }
  }
}
