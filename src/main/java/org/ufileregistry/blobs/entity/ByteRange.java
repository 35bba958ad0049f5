package org.ufileregistry.blobs.entity;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One satisfiable byte range of a blob, resolved from a {@code Range} request header. */
public record ByteRange(long start, long end, long total) {
  private static final Pattern SINGLE = Pattern.compile("^bytes=(\\d{0,18})-(\\d{0,18})$");

  /** Thrown for a range that lies outside the blob; the response is 416. */
  public static class Unsatisfiable extends RuntimeException {
    public Unsatisfiable() {
      super(null, null, false, false);
    }
  }

  /**
   * The range requested, or null to send the whole blob: no header, several ranges, or syntax we
   * do not understand (RFC 9110 lets a server ignore those).
   */
  public static ByteRange parse(String header, long total) {
    if (header == null) {
      return null;
    }
    Matcher m = SINGLE.matcher(header.trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return null;
    }
    long start;
    long end;
    if (m.group(1).isEmpty()) {
      long suffix = Long.parseLong(m.group(2));
      if (suffix == 0) {
        throw new Unsatisfiable();
      }
      start = Math.max(0, total - suffix);
      end = total - 1;
    } else {
      start = Long.parseLong(m.group(1));
      end = m.group(2).isEmpty() ? total - 1 : Math.min(Long.parseLong(m.group(2)), total - 1);
      if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < start) {
        return null; // syntactically invalid: ignore, per RFC 9110
      }
    }
    if (start >= total) {
      throw new Unsatisfiable();
    }
    return new ByteRange(start, end, total);
  }

  public long length() {
    return end - start + 1;
  }

  public String contentRange() {
    return "bytes " + start + "-" + end + "/" + total;
  }
}
