package org.ufileregistry.storage.inmemory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import org.ufileregistry.storage.control.FileWriter;
import org.ufileregistry.storage.control.StorageDriver;
import org.ufileregistry.storage.control.StoragePathSyntax;
import org.ufileregistry.storage.entity.FileInfo;
import org.ufileregistry.storage.entity.InvalidOffsetException;
import org.ufileregistry.storage.entity.PathNotFoundException;

/**
 * Keeps files in a sorted map of path to bytes: for tests and throw-away registries only, since
 * content lives in the heap of one JVM. Directories are derived from the file paths.
 */
public class InMemoryDriver implements StorageDriver {
  private record Entry(byte[] content, Instant modTime) {}

  private final ConcurrentSkipListMap<String, Entry> files = new ConcurrentSkipListMap<>();

  @Override
  public String name() {
    return "inmemory";
  }

  @Override
  public byte[] getContent(String path) {
    return file(path).content().clone();
  }

  @Override
  public void putContent(String path, byte[] content) {
    StoragePathSyntax.checkFile(path);
    files.put(path, new Entry(content.clone(), Instant.now()));
  }

  @Override
  public InputStream reader(String path, long offset) {
    byte[] content = file(path).content();
    if (offset < 0 || offset > content.length) {
      throw new InvalidOffsetException(path, offset);
    }
    return new ByteArrayInputStream(content, (int) offset, content.length - (int) offset);
  }

  @Override
  public FileWriter writer(String path, boolean append) {
    StoragePathSyntax.checkFile(path);
    Entry existing = files.get(path);
    byte[] start = append && existing != null ? existing.content() : new byte[0];
    return new MemoryWriter(path, start);
  }

  @Override
  public FileInfo stat(String path) {
    StoragePathSyntax.check(path);
    Entry e = files.get(path);
    if (e != null) {
      return new FileInfo(path, e.content().length, e.modTime(), false);
    }
    if (!children(path).isEmpty()) {
      return new FileInfo(path, 0, Instant.now(), true);
    }
    throw new PathNotFoundException(path);
  }

  @Override
  public List<String> list(String path) {
    StoragePathSyntax.check(path);
    List<String> result = children(path);
    if (result.isEmpty()) {
      throw new PathNotFoundException(path);
    }
    return result;
  }

  private List<String> children(String dir) {
    String prefix = "/".equals(dir) ? "/" : dir + "/";
    TreeSet<String> names = new TreeSet<>();
    for (String key : below(prefix).keySet()) {
      String rest = key.substring(prefix.length());
      int slash = rest.indexOf('/');
      names.add(slash < 0 ? rest : rest.substring(0, slash));
    }
    List<String> result = new ArrayList<>();
    names.forEach(n -> result.add(prefix + n));
    return result;
  }

  private NavigableMap<String, Entry> below(String prefix) {
    // '/' + 1 == '0': every key starting with the prefix sorts before prefix-with-last-char+1.
    String end = prefix.substring(0, prefix.length() - 1) + (char) ('/' + 1);
    return files.subMap(prefix, true, end, false);
  }

  @Override
  public synchronized void move(String sourcePath, String destPath) {
    StoragePathSyntax.checkFile(destPath);
    Entry e = files.get(StoragePathSyntax.checkFile(sourcePath));
    if (e == null) {
      throw new PathNotFoundException(sourcePath);
    }
    files.put(destPath, e);
    files.remove(sourcePath);
  }

  @Override
  public void delete(String path) {
    StoragePathSyntax.checkFile(path);
    boolean removed = files.remove(path) != null;
    Map<String, Entry> sub = below(path + "/");
    removed |= !sub.isEmpty();
    sub.clear();
    if (!removed) {
      throw new PathNotFoundException(path);
    }
  }

  private Entry file(String path) {
    Entry e = files.get(StoragePathSyntax.checkFile(path));
    if (e == null) {
      throw new PathNotFoundException(path);
    }
    return e;
  }

  private final class MemoryWriter extends FileWriter {
    private final String path;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private boolean closed;

    MemoryWriter(String path, byte[] start) {
      this.path = path;
      buffer.writeBytes(start);
      files.put(path, new Entry(buffer.toByteArray(), Instant.now()));
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (closed) {
        throw new IllegalStateException("writer on " + path + " is closed");
      }
      buffer.write(b, off, len);
    }

    @Override
    public long size() {
      return buffer.size();
    }

    @Override
    public void commit() {
      close();
    }

    @Override
    public void commit(String destination) {
      StoragePathSyntax.checkFile(destination);
      close();
      move(path, destination);
    }

    @Override
    public void cancel() {
      closed = true;
      files.remove(path);
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        files.put(path, new Entry(buffer.toByteArray(), Instant.now()));
      }
    }
  }
}
