package org.ufileregistry.blobs.entity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.ufileregistry.errors.entity.ErrorCode;

/** A content digest such as {@code sha256:9f86...}; only sha256 and sha512 are accepted. */
public record Digest(String algorithm, String hex) {
  private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");
  private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*");

  public static final String SHA_256 = "sha256";

  /** Parses a client-supplied digest; anything malformed or unsupported is DIGEST_INVALID. */
  public static Digest parse(String value) {
    if (value == null || value.isEmpty()) {
      throw ErrorCode.DIGEST_INVALID.with("digest is missing");
    }
    int colon = value.indexOf(':');
    if (colon <= 0 || colon > 32) {
      throw ErrorCode.DIGEST_INVALID.with("malformed digest: " + shorten(value));
    }
    String algorithm = value.substring(0, colon);
    String hex = value.substring(colon + 1);
    if (!ALGORITHM.matcher(algorithm).matches()) {
      throw ErrorCode.DIGEST_INVALID.with("malformed digest algorithm: " + shorten(value));
    }
    Pattern encoded =
        switch (algorithm) {
          case "sha256" -> SHA256;
          case "sha512" -> SHA512;
          default -> throw ErrorCode.DIGEST_INVALID.with("unsupported digest algorithm: " + algorithm);
        };
    if (!encoded.matcher(hex).matches()) {
      throw ErrorCode.DIGEST_INVALID.with("malformed " + algorithm + " digest: " + shorten(value));
    }
    return new Digest(algorithm, hex);
  }

  /** True when the string is shaped like a digest (as opposed to a tag). */
  public static boolean looksLikeDigest(String reference) {
    return reference.indexOf(':') > 0;
  }

  public static Digest of(String algorithm, byte[] digestBytes) {
    return new Digest(algorithm, HexFormat.of().formatHex(digestBytes));
  }

  public static Digest sha256(byte[] content) {
    return of(SHA_256, newMessageDigest(SHA_256).digest(content));
  }

  public MessageDigest newMessageDigest() {
    return newMessageDigest(algorithm);
  }

  public static MessageDigest newMessageDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm.toUpperCase(Locale.ROOT).replace("SHA", "SHA-"));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks " + algorithm, e);
    }
  }

  private static String shorten(String s) {
    return s.length() > 150 ? s.substring(0, 150) + "..." : s;
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
