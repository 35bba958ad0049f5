package org.ufileregistry.repositories.entity;

import java.util.regex.Pattern;
import org.ufileregistry.errors.entity.ErrorCode;

/** A tag per the spec's grammar {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}. */
public record Tag(String value) {
  private static final Pattern GRAMMAR = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  public static boolean isValid(String value) {
    return value != null && GRAMMAR.matcher(value).matches();
  }

  public static Tag parse(String value) {
    if (!isValid(value)) {
      throw ErrorCode.TAG_INVALID.with("invalid tag: " + (value == null ? "" : value.length() > 140 ? value.substring(0, 140) + "..." : value));
    }
    return new Tag(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
