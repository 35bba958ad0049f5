package org.ufileregistry.storage.ufile;

import java.io.IOException;
import java.io.InputStream;
import org.ufileregistry.storage.entity.StorageException;

/**
 * A download that survives a broken connection: when reading fails mid-body it asks for the rest
 * again from the position reached (a ranged GET), a bounded number of times, so a reset while a
 * client pulls a multi-GiB layer costs a reconnect instead of the pull.
 */
final class ResumingInputStream extends InputStream {
  /** Opens the object again from a position. */
  @FunctionalInterface
  interface Reopen {
    InputStream from(long position);
  }

  private final Reopen reopen;
  private final int maxResumes;
  private InputStream in;
  private long position;
  private int resumes;

  ResumingInputStream(InputStream in, long position, Reopen reopen, int maxResumes) {
    this.in = in;
    this.position = position;
    this.reopen = reopen;
    this.maxResumes = maxResumes;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (true) {
      try {
        int n = in.read(b, off, len);
        if (n > 0) {
          position += n;
        }
        return n;
      } catch (IOException e) {
        if (resumes++ >= maxResumes) {
          throw e;
        }
        closeQuietly();
        try {
          in = reopen.from(position);
        } catch (StorageException failed) {
          e.addSuppressed(failed);
          throw e;
        }
        if (in == null) {
          throw new IOException("object vanished while it was read", e);
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private void closeQuietly() {
    try {
      in.close();
    } catch (IOException ignored) {
      // the connection is already broken
    }
  }
}
