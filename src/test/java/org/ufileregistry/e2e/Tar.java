package org.ufileregistry.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Minimal POSIX ustar writer. Enough for image layers and OCI archives, and it keeps the tests
 * free of a compression library; fixed owner and mtime make a layer's diff_id depend only on its
 * content.
 */
final class Tar {

  private static final long MTIME = 1_767_225_600L; // 2026-01-01T00:00:00Z
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  Tar directory(String name) {
    header(name.endsWith("/") ? name : name + "/", 0755, 0, '5');
    return this;
  }

  Tar file(String name, byte[] content) {
    header(name, 0644, content.length, '0');
    out.writeBytes(content);
    pad(content.length);
    return this;
  }

  /** Archives a directory tree with paths relative to it (what {@code tar -C dir .} would, minus "./"). */
  Tar tree(Path root) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.filter(p -> !p.equals(root)).sorted().toList();
    }
    for (Path p : paths) {
      String name = root.relativize(p).toString();
      if (Files.isDirectory(p)) {
        directory(name);
      } else {
        file(name, Files.readAllBytes(p));
      }
    }
    return this;
  }

  byte[] finish() {
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  void writeTo(OutputStream os) throws IOException {
    os.write(finish());
  }

  private void header(String name, int mode, long size, char type) {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    if (n.length > 100) {
      throw new IllegalArgumentException("name longer than 100 bytes: " + name);
    }
    System.arraycopy(n, 0, h, 0, n.length);
    octal(h, 100, 8, mode);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, MTIME);
    h[156] = (byte) type;
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
    h[263] = '0';
    h[264] = '0';
    System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, h, 265, 4);
    System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, h, 297, 4);
    // The checksum is computed with its own field read as eight spaces.
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    String chk = String.format("%06o", sum);
    System.arraycopy(chk.getBytes(StandardCharsets.US_ASCII), 0, h, 148, 6);
    h[154] = 0;
    h[155] = ' ';
    out.writeBytes(h);
  }

  private static void octal(byte[] h, int off, int len, long value) {
    String s = String.format("%0" + (len - 1) + "o", value);
    System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, off, len - 1);
    h[off + len - 1] = 0;
  }

  private void pad(long size) {
    int rest = (int) (size % 512);
    if (rest != 0) {
      out.writeBytes(new byte[512 - rest]);
    }
  }
}
