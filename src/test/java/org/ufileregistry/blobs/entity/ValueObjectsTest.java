package org.ufileregistry.blobs.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.ufileregistry.errors.entity.ErrorCode;
import org.ufileregistry.errors.entity.RegistryException;
import org.ufileregistry.uploads.entity.ContentRange;

class ValueObjectsTest {
  private static final String HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void digestsParseAndPrint() {
    assertEquals("sha256:" + HEX, Digest.parse("sha256:" + HEX).toString());
    assertEquals(Digest.parse("sha256:" + HEX), Digest.sha256(new byte[0]));
    assertEquals("sha512", Digest.parse("sha512:" + "a".repeat(128)).algorithm());
  }

  @Test
  void badDigestsAreDigestInvalid() {
    for (String bad : new String[] {"", "sha256", "sha256:", ":" + HEX, "SHA256:" + HEX, "sha256:E3B0" + HEX.substring(4),
        "sha256:" + HEX + "0", "md5:d41d8cd98f00b204e9800998ecf8427e", "sha256:../../etc/passwd", "sha512:" + HEX}) {
      assertEquals(ErrorCode.DIGEST_INVALID, assertThrows(RegistryException.class, () -> Digest.parse(bad)).code(), bad);
    }
  }

  @Test
  void byteRanges() {
    assertEquals(new ByteRange(0, 99, 1000), ByteRange.parse("bytes=0-99", 1000));
    assertEquals(new ByteRange(990, 999, 1000), ByteRange.parse("bytes=990-", 1000));
    assertEquals(new ByteRange(995, 999, 1000), ByteRange.parse("bytes=-5", 1000));
    assertEquals(new ByteRange(0, 999, 1000), ByteRange.parse("bytes=-5000", 1000));
    assertEquals(new ByteRange(10, 999, 1000), ByteRange.parse("bytes=10-5000", 1000), "an end past the blob is clipped");
    assertNull(ByteRange.parse(null, 1000));
    assertNull(ByteRange.parse("bytes=0-1,5-6", 1000), "multiple ranges: whole blob");
    assertNull(ByteRange.parse("items=0-1", 1000));
    assertNull(ByteRange.parse("bytes=9-1", 1000));
    assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=1000-", 1000));
    assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", 1000));
    assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=0-", 0));
    assertEquals("bytes 0-99/1000", ByteRange.parse("bytes=0-99", 1000).contentRange());
  }

  @Test
  void contentRanges() {
    assertNull(ContentRange.parse(null));
    assertEquals(new ContentRange(0, 99), ContentRange.parse("0-99"));
    assertEquals(new ContentRange(100, 199), ContentRange.parse("bytes 100-199/*"));
    assertEquals(100, ContentRange.parse("100-199").length());
    for (String bad : new String[] {"abc", "5", "-5", "9-1", "1-2-3", "99999999999999999999-1"}) {
      assertEquals(ErrorCode.RANGE_INVALID, assertThrows(RegistryException.class, () -> ContentRange.parse(bad)).code(), bad);
    }
  }
}
