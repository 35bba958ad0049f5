package org.ufileregistry.storage.control;

import java.io.OutputStream;

/**
 * Streams content into one storage file, possibly across several requests and processes: {@link
 * #close} keeps what was written so that a later {@code writer(path, true)} continues it, {@link
 * #commit} finishes the file, and {@link #cancel} discards it.
 *
 * <p>After {@code commit} or {@code cancel} the writer accepts no more writes. Implementations
 * never hold the whole content in memory.
 */
public abstract class FileWriter extends OutputStream {

  /** Bytes in the file so far, including those written before this writer was opened. */
  public abstract long size();

  /** Makes the content durable and final; the writer is closed afterwards. */
  public abstract void commit();

  /**
   * Makes the content durable and final under {@code destination} instead of the writer's own
   * path, replacing any file there atomically; the writer's path no longer exists afterwards.
   * Backends that can finish an upload under a new name (UFile's multipart {@code newKey}) do so
   * without copying, which is why publishing a blob goes through here rather than {@code move}.
   */
  public abstract void commit(String destination);

  /** Discards the content written so far, by this writer and earlier ones; closes the writer. */
  public abstract void cancel();

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  @Override
  public abstract void write(byte[] b, int off, int len);

  /** Keeps what was written so far so that it can be appended to later. */
  @Override
  public abstract void close();
}
