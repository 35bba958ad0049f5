package org.ufileregistry.ufile.control;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * UFile request signatures exactly as the official SDK computes them: HMAC-SHA1 over
 * {@code VERB\nContent-MD5\nContent-Type\nDate\n/bucket/key}, keyed with the private key. The
 * values signed must be the header values sent, byte for byte; absent headers sign as "".
 */
public final class UFileSigner {
  private final String publicKey;
  private final SecretKeySpec privateKey;

  public UFileSigner(String publicKey, String privateKey) {
    this.publicKey = publicKey;
    this.privateKey = new SecretKeySpec(privateKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1");
  }

  /** The value of the {@code Authorization} header. */
  public String authorization(
      String verb, String contentMd5, String contentType, String date, String bucket, String key) {
    return "UCloud " + publicKey + ":" + signature(verb, contentMd5, contentType, date, bucket, key);
  }

  /**
   * The signature of a pre-signed URL, whose string to sign carries the expiry (epoch seconds) in
   * the Date slot.
   */
  public String urlSignature(String verb, long expires, String bucket, String key) {
    return signature(verb, "", "", Long.toString(expires), bucket, key);
  }

  public String publicKey() {
    return publicKey;
  }

  String signature(String verb, String contentMd5, String contentType, String date, String bucket, String key) {
    String toSign = verb + "\n" + nullToEmpty(contentMd5) + "\n" + nullToEmpty(contentType) + "\n"
        + nullToEmpty(date) + "\n" + "/" + bucket + "/" + key;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(privateKey);
      return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** Never reveals the private key, whatever logs this object. */
  @Override
  public String toString() {
    return "UFileSigner[" + publicKey + "]";
  }
}
