package org.ufileregistry.ufile.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Objects and multipart uploads. Bytes live in immutable segment files on disk: an uploaded part
 * becomes one segment, and finishing an upload just hands the parts' segments to the object, so a
 * multi-GiB finish copies nothing. Copy shares segments. Segments are reference counted because a
 * GetFile may still be streaming an object that a concurrent PUT or DELETE has replaced.
 */
final class Store {
  /** UTF-8 byte order, which is code point order; String.compareTo differs for surrogates. */
  static final Comparator<String> KEY_ORDER = (a, b) -> {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  };

  final Path segmentDir;
  final ConcurrentSkipListMap<String, StoredObject> objects = new ConcurrentSkipListMap<>(KEY_ORDER);
  final Map<String, Upload> uploads = new ConcurrentHashMap<>();

  Store(Path dataDir) throws IOException {
    this.segmentDir = Files.createDirectories(dataDir.resolve("segments"));
  }

  Path newSegmentPath() {
    return segmentDir.resolve(UUID.randomUUID() + ".seg");
  }

  /** Publishes an object, releasing whatever it replaced. */
  void put(StoredObject obj) {
    StoredObject old = objects.put(obj.key, obj);
    if (old != null) {
      old.release();
    }
  }

  boolean delete(String key) {
    StoredObject old = objects.remove(key);
    if (old != null) {
      old.release();
    }
    return old != null;
  }

  /**
   * The object with its segments retained, or null; the caller must {@link StoredObject#release}.
   * Retries because the object read from the map may be released before it could be retained.
   */
  StoredObject acquire(String key) {
    for (int attempt = 0; attempt < 100; attempt++) {
      StoredObject obj = objects.get(key);
      if (obj == null) {
        return null;
      }
      if (obj.retain()) {
        return obj;
      }
    }
    throw new IllegalStateException("object " + key + " kept changing while being read");
  }

  void clear() {
    for (String key : new ArrayList<>(objects.keySet())) {
      delete(key);
    }
    for (Upload u : new ArrayList<>(uploads.values())) {
      synchronized (u) {
        uploads.remove(u.id);
        u.closed = true;
        u.parts.values().forEach(p -> p.segment.release());
        u.parts.clear();
      }
    }
  }

  static final class Segment {
    final Path path;
    final long length;
    private final AtomicInteger refs = new AtomicInteger(1);

    Segment(Path path, long length) {
      this.path = path;
      this.length = length;
    }

    boolean retain() {
      for (;;) {
        int r = refs.get();
        if (r == 0) {
          return false;
        }
        if (refs.compareAndSet(r, r + 1)) {
          return true;
        }
      }
    }

    void release() {
      if (refs.decrementAndGet() == 0) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  static final class StoredObject {
    final String key;
    final List<Segment> segments;
    final long size;
    final String etag;
    final String mimeType;
    final String storageClass;
    final Map<String, String> userMeta;
    final Instant created;
    final Instant modified;

    StoredObject(String key, List<Segment> segments, String etag, String mimeType, String storageClass,
        Map<String, String> userMeta, Instant created, Instant modified) {
      this.key = key;
      this.segments = List.copyOf(segments);
      this.size = segments.stream().mapToLong(s -> s.length).sum();
      this.etag = etag;
      this.mimeType = mimeType;
      this.storageClass = storageClass;
      this.userMeta = Map.copyOf(userMeta);
      this.created = created;
      this.modified = modified;
    }

    /** The same bytes under another key or with other metadata; retains the shared segments. */
    StoredObject sharedAs(String newKey, String newMime, String newStorageClass, Map<String, String> newMeta,
        Instant now) {
      for (Segment s : segments) {
        if (!s.retain()) {
          throw new IllegalStateException("sharing a released object");
        }
      }
      return new StoredObject(newKey, segments, etag, newMime, newStorageClass, newMeta, now, now);
    }

    boolean retain() {
      List<Segment> done = new ArrayList<>();
      for (Segment s : segments) {
        if (!s.retain()) {
          done.forEach(Segment::release);
          return false;
        }
        done.add(s);
      }
      return true;
    }

    void release() {
      segments.forEach(Segment::release);
    }

    ObjectInfo info() {
      return new ObjectInfo(key, size, etag, mimeType, storageClass, userMeta, created, modified);
    }

    /** Bytes [start, start+length) across the segments; the object must be retained meanwhile. */
    InputStream open(long start, long length) {
      return new SegmentsInputStream(segments, start, length);
    }
  }

  static final class Part {
    final int number;
    final Segment segment;
    final String etag;
    final List<byte[]> blockSha1s;
    final Instant lastModified;

    Part(int number, Segment segment, String etag, List<byte[]> blockSha1s, Instant lastModified) {
      this.number = number;
      this.segment = segment;
      this.etag = etag;
      this.blockSha1s = List.copyOf(blockSha1s);
      this.lastModified = lastModified;
    }
  }

  /** An in-progress multipart upload; guard {@link #parts} and {@link #closed} with its monitor. */
  static final class Upload {
    final String id;
    final String key;
    final String mimeType;
    final String storageClass;
    final Map<String, String> userMeta;
    final Instant started;
    final int blockSize;
    final ConcurrentSkipListMap<Integer, Part> parts = new ConcurrentSkipListMap<>();
    boolean closed;

    Upload(String id, String key, String mimeType, String storageClass, Map<String, String> userMeta,
        Instant started, int blockSize) {
      this.id = id;
      this.key = key;
      this.mimeType = mimeType;
      this.storageClass = storageClass;
      this.userMeta = Map.copyOf(userMeta);
      this.started = started;
      this.blockSize = blockSize;
    }
  }

  /** Reads a byte range across segment files, opening one file at a time. */
  private static final class SegmentsInputStream extends InputStream {
    private final List<Segment> segments;
    private long remaining;
    private int index;
    private long offsetInSegment;
    private FileChannel channel;

    SegmentsInputStream(List<Segment> segments, long start, long length) {
      this.segments = segments;
      this.remaining = length;
      while (index < segments.size() && start >= segments.get(index).length) {
        start -= segments.get(index).length;
        index++;
      }
      this.offsetInSegment = start;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      while (index < segments.size() && offsetInSegment >= segments.get(index).length) {
        closeChannel();
        index++;
        offsetInSegment = 0;
      }
      if (index >= segments.size()) {
        throw new IOException("object shorter than its recorded size");
      }
      if (channel == null) {
        channel = FileChannel.open(segments.get(index).path, StandardOpenOption.READ);
      }
      long inSegment = segments.get(index).length - offsetInSegment;
      int want = (int) Math.min(len, Math.min(remaining, inSegment));
      int n = channel.read(ByteBuffer.wrap(b, off, want), offsetInSegment);
      if (n < 0) {
        throw new IOException("segment " + segments.get(index).path + " shorter than recorded");
      }
      offsetInSegment += n;
      remaining -= n;
      return n;
    }

    private void closeChannel() throws IOException {
      if (channel != null) {
        channel.close();
        channel = null;
      }
    }

    @Override
    public void close() throws IOException {
      closeChannel();
    }
  }
}
