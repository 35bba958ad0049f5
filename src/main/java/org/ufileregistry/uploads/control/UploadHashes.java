package org.ufileregistry.uploads.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Running SHA-256 states of uploads in progress on this instance, so a chunk continues the hash
 * where the previous chunk left it. Purely a speed-up: the JDK cannot export a digest state, so
 * an upload continued on another instance, or after eviction, is re-hashed from storage.
 */
@ApplicationScoped
public class UploadHashes {
  private static final int MAX_ENTRIES = 1024;

  private record State(long offset, MessageDigest digest) {}

  private final Map<String, State> states =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  /** A copy of the hash of the upload's first {@code offset} bytes, or null if unknown here. */
  public synchronized MessageDigest at(String upload, long offset) {
    State s = states.get(upload);
    if (s == null || s.offset() != offset) {
      return null;
    }
    return copy(s.digest());
  }

  public synchronized void remember(String upload, long offset, MessageDigest digest) {
    states.put(upload, new State(offset, copy(digest)));
  }

  public synchronized void forget(String upload) {
    states.remove(upload);
  }

  static MessageDigest copy(MessageDigest digest) {
    try {
      return (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("JDK SHA-256 is cloneable", e);
    }
  }
}
