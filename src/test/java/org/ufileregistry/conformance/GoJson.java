package org.ufileregistry.conformance;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Encodes test documents byte-for-byte the way Go's {@code json.MarshalIndent(v, "", "\t")} does,
 * so the manifests and configs we push have the same shape (field order, tab indentation,
 * base64 for byte slices, HTML-safe escaping) as those of the Go conformance suite.
 *
 * <p>Go structs are modelled as {@link java.util.LinkedHashMap} in declaration order with
 * {@code omitempty} fields already left out; Go maps as {@link java.util.TreeMap} because Go
 * sorts map keys; {@code []byte} as {@code byte[]}; a nil slice or pointer as {@code null}.
 */
final class GoJson {

  private GoJson() {}

  static byte[] marshalIndent(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, 0);
    return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void write(StringBuilder out, Object value, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      quote(out, s);
    } else if (value instanceof byte[] b) {
      quote(out, Base64.getEncoder().encodeToString(b));
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      int i = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        indent(out, depth + 1);
        quote(out, (String) e.getKey());
        out.append(": ");
        write(out, e.getValue(), depth + 1);
        out.append(++i < map.size() ? ",\n" : "\n");
      }
      indent(out, depth);
      out.append('}');
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append("[\n");
      for (int i = 0; i < list.size(); i++) {
        indent(out, depth + 1);
        write(out, list.get(i), depth + 1);
        out.append(i + 1 < list.size() ? ",\n" : "\n");
      }
      indent(out, depth);
      out.append(']');
    } else {
      throw new IllegalArgumentException("no Go JSON mapping for " + value.getClass());
    }
  }

  private static void indent(StringBuilder out, int depth) {
    out.append("\t".repeat(depth));
  }

  // encoding/json escapes <, > and & (HTMLEscape is on by default) and U+2028/U+2029.
  private static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
