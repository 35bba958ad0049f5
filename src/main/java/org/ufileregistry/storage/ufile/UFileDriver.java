package org.ufileregistry.storage.ufile;

import org.ufileregistry.base.entity.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Future;
import org.ufileregistry.storage.control.FileWriter;
import org.ufileregistry.storage.control.StorageDriver;
import org.ufileregistry.storage.control.StoragePathSyntax;
import org.ufileregistry.storage.entity.FileInfo;
import org.ufileregistry.storage.entity.InvalidOffsetException;
import org.ufileregistry.storage.entity.PathNotFoundException;
import org.ufileregistry.storage.entity.StorageException;
import org.ufileregistry.ufile.control.UFileClient;
import org.ufileregistry.ufile.entity.Body;
import org.ufileregistry.ufile.entity.UFileException;
import org.ufileregistry.ufile.entity.UFileListing;
import org.ufileregistry.ufile.entity.UFileObject;
import org.ufileregistry.ufile.entity.UFileUnavailableException;

/**
 * Stores files as objects of a UFile bucket, the key being an optional prefix plus the path
 * without its leading "/". Directories are key prefixes, as in UFile's own listing.
 *
 * <p>A writer's state lives next to its object, so any instance can continue it: {@code key~upload}
 * holds a one-line JSON header (multipart upload id, block size, parts, tail size), a line with
 * the parts' ETags, and then the tail: the bytes after the last whole block, since every part but
 * the last must be exactly one block. One object, so that saving a writer is one atomic PUT and
 * a reader never sees a header without its tail; a stat reads only the header (a ranged GET).
 * "~" cannot occur in a storage path, so these keys never collide with a file and are hidden
 * from listings. Committing finishes the multipart upload asking for the destination key
 * (UFile's {@code newKey}); UFile's docs use newKey only when the upload's own key was taken, so
 * when the answer's {@code Key} is the upload's key the object is renamed, a metadata operation
 * (copy plus delete only where rename is refused). Publishing a blob never streams it again.
 * Content smaller than one block is a plain PUT.
 *
 * <p>Every UFile request is a round trip (tens of milliseconds on the public cloud), so requests
 * that do not depend on each other go out together ({@link UFileParts#start}).
 */
public class UFileDriver implements StorageDriver {
  static final String STATE = "~upload";
  /** Enough for any state header: the header holds no list, only a few numbers and the upload id. */
  private static final int STATE_HEADER_MAX = 1024;
  private static final int LIST_PAGE = 1000;

  private final UFileClient ufile;
  private final String prefix;
  private final Duration redirectExpiry;
  private final UFileParts parts;

  /**
   * @param prefix key prefix inside the bucket, "" or ending in "/"
   * @param parts uploads multipart parts concurrently with bounded memory, and retries finishing
   */
  public UFileDriver(UFileClient ufile, String prefix, Duration redirectExpiry, UFileParts parts) {
    this.ufile = ufile;
    this.prefix = prefix;
    this.redirectExpiry = redirectExpiry;
    this.parts = parts;
  }

  @Override
  public String name() {
    return "ufile";
  }

  String key(String path) {
    StoragePathSyntax.check(path);
    return "/".equals(path) ? prefix : prefix + path.substring(1);
  }

  private String fileKey(String path) {
    return key(StoragePathSyntax.checkFile(path));
  }

  private String dirPrefix(String path) {
    String k = key(path);
    return k.isEmpty() || k.endsWith("/") ? k : k + "/";
  }

  private String pathOf(String key) {
    return "/" + key.substring(prefix.length());
  }

  @Override
  public byte[] getContent(String path) {
    byte[] content = ufile.getBytes(fileKey(path));
    if (content == null) {
      throw new PathNotFoundException(path);
    }
    return content;
  }

  @Override
  public void putContent(String path, byte[] content) {
    try (Body body = Body.of(content)) {
      ufile.put(fileKey(path), body);
    }
  }

  @Override
  public InputStream reader(String path, long offset) {
    String key = fileKey(path);
    if (offset < 0) {
      throw new InvalidOffsetException(path, offset);
    }
    InputStream in;
    try {
      in = ufile.get(key, offset);
    } catch (UFileException e) {
      if (e.status() != 416) {
        throw e;
      }
      long size = stat(path).size();
      if (offset == size) {
        return InputStream.nullInputStream();
      }
      throw new InvalidOffsetException(path, offset);
    }
    if (in == null) {
      throw new PathNotFoundException(path);
    }
    return new ResumingInputStream(in, offset, position -> ufile.get(key, position), parts.retries());
  }

  @Override
  public FileWriter writer(String path, boolean append) {
    return new UFileWriter(this, path, fileKey(path), append);
  }

  @Override
  public FileInfo stat(String path) {
    String key = key(path);
    if (!"/".equals(path)) {
      UFileObject o = ufile.head(key);
      if (o != null) {
        return new FileInfo(path, o.size(), o.modified(), false);
      }
    }
    // Not an object: a file still being written, a directory, or nothing. Both questions at once.
    Future<StateHeader> state = "/".equals(path) ? null : parts.start(() -> readStateHeader(key));
    UFileListing below = ufile.list(dirPrefix(path), "", "/", 2);
    StateHeader header = state == null ? null : UFileParts.join(state);
    if (header != null) {
      return new FileInfo(path, header.size(), header.modified(), false);
    }
    if (below.objects().isEmpty() && below.prefixes().isEmpty()) {
      if ("/".equals(path)) {
        return new FileInfo(path, 0, Instant.EPOCH, true);
      }
      throw new PathNotFoundException(path);
    }
    return new FileInfo(path, 0, Instant.EPOCH, true);
  }

  @Override
  public List<String> list(String path) {
    String dir = dirPrefix(path);
    TreeSet<String> children = new TreeSet<>();
    String marker = "";
    do {
      UFileListing page = ufile.list(dir, marker, "/", LIST_PAGE);
      for (UFileObject o : page.objects()) {
        String name = o.key().substring(dir.length());
        if (name.isEmpty()) {
          continue;
        }
        if (name.endsWith(STATE)) {
          children.add(name.substring(0, name.length() - STATE.length()));
        } else if (!name.contains("~")) {
          children.add(name);
        }
      }
      for (String p : page.prefixes()) {
        String name = p.substring(dir.length(), p.length() - 1);
        if (!name.isEmpty() && !name.contains("~")) {
          children.add(name);
        }
      }
      marker = page.truncated() ? page.nextMarker() : "";
    } while (!marker.isEmpty());
    if (children.isEmpty()) {
      throw new PathNotFoundException(path);
    }
    List<String> result = new ArrayList<>();
    for (String name : children) {
      result.add(StoragePathSyntax.join(path, name));
    }
    return result;
  }

  @Override
  public void move(String sourcePath, String destPath) {
    String from = fileKey(sourcePath);
    String to = fileKey(destPath);
    if (ufile.head(from) == null) {
      throw new PathNotFoundException(sourcePath);
    }
    renameKey(from, to);
  }

  /** Rename is a metadata operation in UFile; copy plus delete is the documented fallback. */
  void renameKey(String from, String to) {
    try {
      ufile.rename(from, to);
    } catch (UFileException renameRefused) {
      // Rename is in the SDK but not in UFile's public API docs: fall back to the documented copy.
      ufile.copy(from, to);
      ufile.delete(from);
    }
  }

  @Override
  public void delete(String path) {
    String key = fileKey(path);
    // A file, a file being written, a directory: look for all three at once, then delete together.
    Future<UFileObject> file = parts.start(() -> ufile.head(key));
    Future<StateHeader> state = parts.start(() -> readStateHeader(key));
    List<Runnable> deletes = new ArrayList<>();
    String dir = key + "/";
    String marker = "";
    do {
      UFileListing page = ufile.list(dir, marker, "", LIST_PAGE);
      for (UFileObject o : page.objects()) {
        if (o.key().endsWith(STATE)) {
          String writerKey = o.key().substring(0, o.key().length() - STATE.length());
          deletes.add(() -> discardWriterState(writerKey));
        } else {
          deletes.add(() -> ufile.delete(o.key()));
        }
      }
      marker = page.truncated() ? page.nextMarker() : "";
    } while (!marker.isEmpty());
    if (UFileParts.join(file) != null) {
      deletes.add(() -> ufile.delete(key));
    }
    StateHeader header = UFileParts.join(state);
    if (header != null) {
      deletes.add(() -> discardWriterState(key, header));
    }
    if (deletes.isEmpty()) {
      throw new PathNotFoundException(path);
    }
    parts.all(deletes);
  }

  @Override
  public Optional<URI> redirectUrl(String method, String path) {
    return Optional.of(ufile.signedUrl(method, fileKey(path), Instant.now().plus(redirectExpiry)));
  }

  // --- writer state, shared with UFileWriter ---

  UFileClient ufile() {
    return ufile;
  }

  UFileParts parts() {
    return parts;
  }

  String destinationKey(String path) {
    return fileKey(path);
  }

  /** Where an unfinished writer stands: what a stat needs, read without the ETags and the tail. */
  record StateHeader(String uploadId, int blockSize, int parts, int tailSize, Instant modified) {
    long size() {
      return (long) parts * blockSize + tailSize;
    }
  }

  /** A writer's whole state: its header's numbers, the parts' ETags in order, and the tail. */
  record WriterState(String uploadId, int blockSize, List<String> etags, byte[] tail, Instant modified) {
    long size() {
      return (long) etags.size() * blockSize + tail.length;
    }

    /** The state object: header line, ETag line, tail bytes. */
    byte[] toBytes() {
      var header = Jsons.createObjectBuilder()
          .add("blockSize", blockSize)
          .add("parts", etags.size())
          .add("tailSize", tail.length)
          .add("modified", modified.getEpochSecond());
      if (uploadId != null) {
        header.add("uploadId", uploadId);
      }
      JsonArrayBuilder tags = Jsons.createArrayBuilder();
      etags.forEach(tags::add);
      byte[] lines = (header.build() + "\n" + tags.build() + "\n").getBytes(StandardCharsets.UTF_8);
      byte[] all = Arrays.copyOf(lines, lines.length + tail.length);
      System.arraycopy(tail, 0, all, lines.length, tail.length);
      return all;
    }

    static WriterState fromBytes(String key, byte[] bytes) {
      int headerEnd = lineEnd(key, bytes, 0);
      StateHeader h = parseHeader(key, new String(bytes, 0, headerEnd, StandardCharsets.UTF_8));
      int etagsEnd = lineEnd(key, bytes, headerEnd + 1);
      List<String> etags = new ArrayList<>();
      try (var r = Jsons.createReader(new StringReader(
          new String(bytes, headerEnd + 1, etagsEnd - headerEnd - 1, StandardCharsets.UTF_8)))) {
        for (JsonValue v : r.readArray()) {
          etags.add(((JsonString) v).getString());
        }
      } catch (RuntimeException e) {
        throw inconsistent(key, "its ETag list is not a JSON array of strings");
      }
      byte[] tail = Arrays.copyOfRange(bytes, etagsEnd + 1, bytes.length);
      if (etags.size() != h.parts() || tail.length != h.tailSize()) {
        throw inconsistent(key, "header says " + h.parts() + " parts and a " + h.tailSize()
            + "-byte tail, object holds " + etags.size() + " and " + tail.length);
      }
      return new WriterState(h.uploadId(), h.blockSize(), etags, tail, h.modified());
    }
  }

  private static int lineEnd(String key, byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    throw inconsistent(key, "a line of the state has no end");
  }

  private static StateHeader parseHeader(String key, String json) {
    try (var r = Jsons.createReader(new StringReader(json))) {
      JsonObject o = r.readObject();
      return new StateHeader(o.getString("uploadId", null), o.getInt("blockSize"), o.getInt("parts"),
          o.getInt("tailSize"), Instant.ofEpochSecond(o.getJsonNumber("modified").longValue()));
    } catch (RuntimeException e) {
      throw inconsistent(key, "its header is not the expected JSON");
    }
  }

  private static StorageException inconsistent(String key, String why) {
    return new StorageException("writer state of " + key + " is inconsistent: " + why);
  }

  /** The whole state of the key's writer; null when the key has none. */
  WriterState readState(String key) {
    byte[] bytes = ufile.getBytes(key + STATE);
    return bytes == null ? null : WriterState.fromBytes(key, bytes);
  }

  /** The state's header only, without fetching a tail of up to a block; null when none. */
  StateHeader readStateHeader(String key) {
    byte[] first = ufile.getFirstBytes(key + STATE, STATE_HEADER_MAX);
    if (first == null) {
      return null;
    }
    return parseHeader(key, new String(first, 0, lineEnd(key, first, 0), StandardCharsets.UTF_8));
  }

  /** One PUT: the state object replaces the previous one atomically, tail included. */
  void saveState(String key, WriterState state) {
    try (Body body = Body.of(state.toBytes())) {
      ufile.put(key + STATE, body);
    }
  }

  /** Aborts the key's multipart upload, if any, and removes its state; true if there was one. */
  boolean discardWriterState(String key) {
    StateHeader header = readStateHeader(key);
    if (header == null) {
      return false;
    }
    discardWriterState(key, header);
    return true;
  }

  private void discardWriterState(String key, StateHeader header) {
    if (header.uploadId() == null) {
      ufile.delete(key + STATE);
      return;
    }
    parts.all(List.of(() -> ufile.abort(key, header.uploadId()), () -> ufile.delete(key + STATE)));
  }
}
