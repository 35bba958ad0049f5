package org.ufileregistry.ufile.fake;

import com.sun.net.httpserver.Headers;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts response headers with their exact spelling. The JDK server rewrites names as
 * "X-ufile-meta-foo", but SDK 2.6.6 finds user metadata with a case-sensitive
 * {@code startsWith("X-Ufile-Meta-")}, so metadata would silently vanish for SDK users while the
 * real service works. The JDK offers no public way around the rewrite, hence the write through
 * Unsafe into the Headers' backing map; if that ever fails (a future JDK), names fall back to the
 * JDK's spelling, which every case-insensitive client still reads.
 */
final class ExactCaseHeaders {
  private static final Map<String, List<String>> UNUSED = Map.of();
  private static final Object UNSAFE;
  private static final Method GET_OBJECT;
  private static final long MAP_OFFSET;

  static {
    Object unsafe = null;
    Method getObject = null;
    long offset = -1;
    try {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
      theUnsafe.setAccessible(true);
      unsafe = theUnsafe.get(null);
      Field map = Headers.class.getDeclaredField("map");
      offset = (long) unsafeClass.getMethod("objectFieldOffset", Field.class).invoke(unsafe, map);
      getObject = unsafeClass.getMethod("getObject", Object.class, long.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      unsafe = null;
    }
    UNSAFE = unsafe;
    GET_OBJECT = getObject;
    MAP_OFFSET = offset;
  }

  private ExactCaseHeaders() {}

  static void put(Headers headers, String name, String value) {
    // Bypassing Headers also bypasses its CR/LF check, and values can come from query parameters.
    value = value.replace('\r', ' ').replace('\n', ' ');
    Map<String, List<String>> raw = backingMap(headers);
    if (raw == UNUSED) {
      headers.add(name, value);
      return;
    }
    raw.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, List<String>> backingMap(Headers headers) {
    if (UNSAFE == null) {
      return UNUSED;
    }
    try {
      Object map = GET_OBJECT.invoke(UNSAFE, headers, MAP_OFFSET);
      return map instanceof Map ? (Map<String, List<String>>) map : UNUSED;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return UNUSED;
    }
  }
}
