package org.ufileregistry.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ufileregistry.it.Http;
import org.ufileregistry.it.RegistryDeployment;

/**
 * A 2 GiB layer pushed the way docker does (one chunked PATCH, then an empty PUT) and pulled back,
 * while the server runs with a 256 MiB heap (see {@code it.heap} in the pom): proof that blobs
 * stream through the server rather than sit in memory.
 */
class LargeBlobIT extends RegistryDeployment {
  private static final long SIZE = 2L * 1024 * 1024 * 1024 + 12345;

  private final Http http = new Http(registry());

  @Test
  void twoGibLayerRoundTripsThroughA256MibHeap() throws Exception {
    String location = http.post("/v2/large/layer/blobs/uploads/").headers().firstValue("Location").orElseThrow();
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    HttpResponse<byte[]> patch = http.send(http.request(location)
        .header("Content-Type", "application/octet-stream")
        .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedStream(SIZE, sent))));
    assertEquals(202, patch.statusCode(), Http.text(patch));
    assertEquals("0-" + (SIZE - 1), patch.headers().firstValue("Range").orElseThrow());
    String digest = "sha256:" + HexFormat.of().formatHex(sent.digest());

    HttpResponse<byte[]> put = http.send(http.request(patch.headers().firstValue("Location").orElseThrow() + "?digest=" + digest)
        .PUT(HttpRequest.BodyPublishers.noBody()));
    assertEquals(201, put.statusCode(), Http.text(put));

    HttpResponse<InputStream> get = http.send(http.request("/v2/large/layer/blobs/" + digest), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, get.statusCode());
    assertEquals(String.valueOf(SIZE), get.headers().firstValue("Content-Length").orElseThrow());
    MessageDigest received = MessageDigest.getInstance("SHA-256");
    long count = 0;
    try (InputStream in = get.body()) {
      byte[] buf = new byte[1 << 20];
      int n;
      while ((n = in.read(buf)) > 0) {
        received.update(buf, 0, n);
        count += n;
      }
    }
    assertEquals(SIZE, count);
    assertArrayEquals(HexFormat.of().parseHex(digest.substring(7)), received.digest());
  }

  /** Pseudo-random bytes of a given length, hashed as they are handed out. */
  private static final class GeneratedStream extends InputStream {
    private final byte[] block = new byte[1 << 20];
    private final MessageDigest digest;
    private long remaining;
    private int pos = block.length;
    private final Random random = new Random(7);

    GeneratedStream(long size, MessageDigest digest) {
      this.remaining = size;
      this.digest = digest;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      if (pos == block.length) {
        // a new random word per block keeps blocks distinct without generating 2 GiB of randomness
        random.nextBytes(block);
        pos = 0;
      }
      int n = (int) Math.min(Math.min(len, block.length - pos), remaining);
      System.arraycopy(block, pos, b, off, n);
      digest.update(b, off, n);
      pos += n;
      remaining -= n;
      return n;
    }
  }
}
