package org.ufileregistry.security.entity;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The user and password of an {@code Authorization: Basic} header. */
public record BasicCredentials(String user, String password) {

  /** Empty when the header is absent, not Basic, or not decodable. */
  public static Optional<BasicCredentials> parse(String header) {
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    return Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }

  /** Never the password: records print their components, and these end up in logs. */
  @Override
  public String toString() {
    return "BasicCredentials[user=" + user + "]";
  }
}
