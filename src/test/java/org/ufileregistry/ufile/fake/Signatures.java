package org.ufileregistry.ufile.fake;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * UFile signatures (protocol §2), written independently of the registry's own signer so that a bug
 * in one does not hide the same bug in the other. Public so tests can sign raw HTTP requests.
 */
public final class Signatures {
  private Signatures() {}

  public static String stringToSign(
      String verb, String contentMd5, String contentType, String date, String canonicalHeaders,
      String bucket, String key) {
    return verb + "\n" + nz(contentMd5) + "\n" + nz(contentType) + "\n" + nz(date) + "\n"
        + nz(canonicalHeaders) + "/" + bucket + "/" + key;
  }

  /** Base64 HMAC-SHA1 of the string to sign, keyed with the UTF-8 private key. */
  public static String sign(String privateKey, String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(privateKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }

  /** The {@code Authorization} header value, SDK style (no X-UCloud-* headers). */
  public static String authorization(
      String publicKey, String privateKey, String verb, String contentMd5, String contentType,
      String date, String bucket, String key) {
    return "UCloud " + publicKey + ":"
        + sign(privateKey, stringToSign(verb, contentMd5, contentType, date, "", bucket, key));
  }

  /** The query string of a pre-signed URL (without the leading '?'). */
  public static String signedQuery(
      String publicKey, String privateKey, String verb, long expiresEpochSeconds, String bucket, String key) {
    String sig = sign(privateKey, stringToSign(verb, "", "", Long.toString(expiresEpochSeconds), "", bucket, key));
    return "UCloudPublicKey=" + URLEncoder.encode(publicKey, StandardCharsets.UTF_8)
        + "&Signature=" + URLEncoder.encode(sig, StandardCharsets.UTF_8)
        + "&Expires=" + expiresEpochSeconds;
  }

  /** Go-style path encoding: every byte but unreserved characters and '/' is percent-encoded. */
  public static String encodePath(String key) {
    StringBuilder b = new StringBuilder();
    for (byte x : key.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
