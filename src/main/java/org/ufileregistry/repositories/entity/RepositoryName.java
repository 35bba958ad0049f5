package org.ufileregistry.repositories.entity;

import java.util.regex.Pattern;
import org.ufileregistry.errors.entity.ErrorCode;

/**
 * A repository name per the distribution spec's grammar, e.g. {@code team/app}. Validation here is
 * what keeps "..", absolute paths and other traversal out of storage paths.
 */
public record RepositoryName(String value) {
  /** Distribution's limit; the spec lets registries impose one and 255 is what clients expect. */
  public static final int MAX_LENGTH = 255;

  private static final Pattern GRAMMAR =
      Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");

  public static RepositoryName parse(String value) {
    if (value == null || value.isEmpty()) {
      throw ErrorCode.NAME_INVALID.with("repository name is empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw ErrorCode.NAME_INVALID.with(
          "repository name is longer than " + MAX_LENGTH + " characters");
    }
    if (!GRAMMAR.matcher(value).matches()) {
      throw ErrorCode.NAME_INVALID.with(
          "repository name must match [a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/...)*: "
              + (value.length() > 100 ? value.substring(0, 100) + "..." : value));
    }
    return new RepositoryName(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
