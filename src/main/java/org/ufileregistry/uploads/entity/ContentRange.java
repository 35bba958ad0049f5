package org.ufileregistry.uploads.entity;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ufileregistry.errors.entity.ErrorCode;

/** The inclusive byte range a PATCH chunk claims, from its {@code Content-Range} header. */
public record ContentRange(long start, long end) {
  // Clients send "start-end"; some send the RFC 9110 form "bytes start-end/total".
  private static final Pattern FORM = Pattern.compile("^(?:bytes[ =])?(\\d{1,18})-(\\d{1,18})(?:/(?:\\d{1,18}|\\*))?$");

  /** Null when the header is absent (a streamed upload). */
  public static ContentRange parse(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    Matcher m = FORM.matcher(header.trim());
    if (!m.matches()) {
      throw ErrorCode.RANGE_INVALID.with("malformed Content-Range: " + header);
    }
    long start = Long.parseLong(m.group(1));
    long end = Long.parseLong(m.group(2));
    if (end < start) {
      throw ErrorCode.RANGE_INVALID.with("Content-Range ends before it starts: " + header);
    }
    return new ContentRange(start, end);
  }

  public long length() {
    return end - start + 1;
  }
}
