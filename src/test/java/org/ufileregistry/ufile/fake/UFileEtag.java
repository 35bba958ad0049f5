package org.ufileregistry.ufile.fake;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * UFile ETags (protocol §5): URL-safe base64 of {@code LE32(blockCount) || H} over 4 MiB blocks,
 * where H is the SHA-1 of the data for at most one block, else the SHA-1 of the blocks' SHA-1s.
 * Part ETags are the URL-safe base64 SHA-1 of the part. The SDK recomputes the object ETag after a
 * download and compares, so the fake must get this exactly right.
 */
public final class UFileEtag {
  public static final int BLOCK_SIZE = 4 * 1024 * 1024;

  private UFileEtag() {}

  public static String of(byte[] data) {
    Hasher h = new Hasher(false, false);
    h.update(data, 0, data.length);
    return h.etag();
  }

  public static String ofPart(byte[] part) {
    return encode(sha1().digest(part));
  }

  /** The object ETag from the SHA-1s of its consecutive 4 MiB blocks (the last may be shorter). */
  static String fromBlocks(List<byte[]> blockSha1s) {
    byte[] h;
    if (blockSha1s.isEmpty()) {
      h = sha1().digest();
    } else if (blockSha1s.size() == 1) {
      h = blockSha1s.get(0);
    } else {
      MessageDigest all = sha1();
      blockSha1s.forEach(all::update);
      h = all.digest();
    }
    ByteBuffer b = ByteBuffer.allocate(4 + h.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(blockSha1s.size()).put(h);
    return Base64.getUrlEncoder().encodeToString(b.array());
  }

  static String encode(byte[] sha1) {
    return Base64.getUrlEncoder().encodeToString(sha1);
  }

  static MessageDigest sha1() {
    return digest("SHA-1");
  }

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }

  /**
   * Streams data once and yields the object ETag, optionally the SHA-1 of everything (a part ETag
   * for parts longer than one block) and the MD5 (to check Content-MD5).
   */
  static final class Hasher {
    private final List<byte[]> blocks = new ArrayList<>();
    private final MessageDigest block = sha1();
    private final MessageDigest whole;
    private final MessageDigest md5;
    private long inBlock;
    private long total;

    Hasher(boolean wantWholeSha1, boolean wantMd5) {
      this.whole = wantWholeSha1 ? sha1() : null;
      this.md5 = wantMd5 ? digest("MD5") : null;
    }

    void update(byte[] buf, int off, int len) {
      total += len;
      if (whole != null) {
        whole.update(buf, off, len);
      }
      if (md5 != null) {
        md5.update(buf, off, len);
      }
      while (len > 0) {
        int n = (int) Math.min(len, BLOCK_SIZE - inBlock);
        block.update(buf, off, n);
        inBlock += n;
        off += n;
        len -= n;
        if (inBlock == BLOCK_SIZE) {
          blocks.add(block.digest());
          inBlock = 0;
        }
      }
    }

    /** Ends hashing; call once before the accessors below. */
    Hasher finish() {
      if (inBlock > 0) {
        blocks.add(block.digest());
        inBlock = 0;
      }
      return this;
    }

    List<byte[]> blockSha1s() {
      return blocks;
    }

    long size() {
      return total;
    }

    String etag() {
      finish();
      return fromBlocks(blocks);
    }

    /** SHA-1 of all the data, URL-safe base64: the part ETag. */
    String partEtag() {
      finish();
      if (whole != null) {
        return encode(whole.digest());
      }
      if (blocks.size() > 1) {
        throw new IllegalStateException("construct with wantWholeSha1 for data over one block");
      }
      return encode(blocks.isEmpty() ? sha1().digest() : blocks.get(0));
    }

    byte[] md5() {
      return md5 == null ? null : md5.digest();
    }
  }
}
