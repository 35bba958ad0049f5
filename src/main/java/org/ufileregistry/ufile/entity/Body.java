package org.ufileregistry.ufile.entity;

/**
 * The bytes of one UFile request body, which the sender lets go of as soon as the call is over.
 * Fault Tolerance implementations may keep a call's arguments reachable until its timeout would
 * have expired (Payara does, for {@code ufile.timeout} seconds): a bare 4 MiB array argument then
 * outlives its upload, and a 2 GiB push no longer fits in a 256 MiB heap. A closed Body holds nothing.
 */
public final class Body implements AutoCloseable {
  private volatile byte[] bytes;

  private Body(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Body of(byte[] bytes) {
    return new Body(bytes);
  }

  public byte[] bytes() {
    byte[] b = bytes;
    if (b == null) {
      throw new IllegalStateException("the body was already released");
    }
    return b;
  }

  @Override
  public void close() {
    bytes = null;
  }
}
