package org.ufileregistry.ufile.fake;

/**
 * Just enough JSON writing for UFile's responses. Hand-written so the fake needs nothing but the
 * JDK and can run from target/test-classes alone.
 */
final class Json {
  private Json() {}

  static Obj obj() {
    return new Obj();
  }

  static Arr arr() {
    return new Arr();
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  static final class Obj {
    private final StringBuilder b = new StringBuilder("{");

    private Obj key(String name) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append(quote(name)).append(':');
      return this;
    }

    Obj put(String name, String value) {
      key(name).b.append(value == null ? "null" : quote(value));
      return this;
    }

    Obj put(String name, long value) {
      key(name).b.append(value);
      return this;
    }

    Obj put(String name, double value) {
      key(name).b.append(value);
      return this;
    }

    Obj put(String name, boolean value) {
      key(name).b.append(value);
      return this;
    }

    Obj putRaw(String name, String json) {
      key(name).b.append(json);
      return this;
    }

    @Override
    public String toString() {
      return b + "}";
    }
  }

  static final class Arr {
    private final StringBuilder b = new StringBuilder("[");

    private void sep() {
      if (b.length() > 1) {
        b.append(',');
      }
    }

    Arr add(String value) {
      sep();
      b.append(quote(value));
      return this;
    }

    Arr addRaw(String json) {
      sep();
      b.append(json);
      return this;
    }

    @Override
    public String toString() {
      return b + "]";
    }
  }
}
