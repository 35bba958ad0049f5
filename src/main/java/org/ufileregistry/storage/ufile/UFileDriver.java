package org.ufileregistry.storage.ufile;

import org.ufileregistry.base.entity.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.ufileregistry.storage.control.FileWriter;
import org.ufileregistry.storage.control.StorageDriver;
import org.ufileregistry.storage.control.StoragePathSyntax;
import org.ufileregistry.storage.entity.FileInfo;
import org.ufileregistry.storage.entity.InvalidOffsetException;
import org.ufileregistry.storage.entity.PathNotFoundException;
import org.ufileregistry.storage.entity.StorageException;
import org.ufileregistry.ufile.control.UFileClient;
import org.ufileregistry.ufile.entity.UFileException;
import org.ufileregistry.ufile.entity.UFileListing;
import org.ufileregistry.ufile.entity.UFileObject;
import org.ufileregistry.ufile.entity.UFileUnavailableException;

/**
 * Stores files as objects of a UFile bucket, the key being an optional prefix plus the path
 * without its leading "/". Directories are key prefixes, as in UFile's own listing.
 *
 * <p>A writer's state lives next to its object, so any instance can continue it: {@code key~upload}
 * (JSON: multipart upload id, block size, part ETags, bytes held in the tail) and {@code key~tail}
 * (the bytes after the last whole block, since every part but the last must be exactly one
 * block). "~" cannot occur in a storage path, so these keys never collide with a file and are
 * hidden from listings. Committing finishes the multipart upload asking for the destination key
 * (UFile's {@code newKey}); UFile's docs use newKey only when the upload's own key was taken, so
 * when the answer's {@code Key} is the upload's key the object is renamed, a metadata operation
 * (copy plus delete only where rename is refused). Publishing a blob never streams it again.
 * Content smaller than one block is a plain PUT.
 */
public class UFileDriver implements StorageDriver {
  static final String STATE = "~upload";
  static final String TAIL = "~tail";
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
    ufile.put(fileKey(path), content);
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
      WriterState state = readState(key);
      if (state != null) {
        return new FileInfo(path, state.size(), state.modified(), false);
      }
    }
    UFileListing below = ufile.list(dirPrefix(path), "", "/", 2);
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
    boolean deleted = false;
    if (ufile.head(key) != null) {
      deleted |= ufile.delete(key);
    }
    deleted |= discardWriterState(key);
    String dir = key + "/";
    String marker = "";
    do {
      UFileListing page = ufile.list(dir, marker, "", LIST_PAGE);
      for (UFileObject o : page.objects()) {
        if (o.key().endsWith(STATE)) {
          discardWriterState(o.key().substring(0, o.key().length() - STATE.length()));
          deleted = true;
        } else if (!o.key().endsWith(TAIL)) {
          deleted |= ufile.delete(o.key());
        }
      }
      marker = page.truncated() ? page.nextMarker() : "";
    } while (!marker.isEmpty());
    if (!deleted) {
      throw new PathNotFoundException(path);
    }
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

  /** Where an unfinished writer stands; null when the key has no writer. */
  record WriterState(String uploadId, int blockSize, List<String> etags, int tailSize, Instant modified) {
    long size() {
      return (long) etags.size() * blockSize + tailSize;
    }

    byte[] toJson() {
      JsonArrayBuilder tags = Jsons.createArrayBuilder();
      etags.forEach(tags::add);
      var o = Jsons.createObjectBuilder()
          .add("blockSize", blockSize)
          .add("etags", tags)
          .add("tailSize", tailSize)
          .add("modified", modified.getEpochSecond());
      if (uploadId != null) {
        o.add("uploadId", uploadId);
      }
      return o.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    static WriterState fromJson(byte[] json) {
      try (var r = Jsons.createReader(new StringReader(new String(json, StandardCharsets.UTF_8)))) {
        JsonObject o = r.readObject();
        List<String> etags = new ArrayList<>();
        for (JsonValue v : o.getJsonArray("etags")) {
          etags.add(((jakarta.json.JsonString) v).getString());
        }
        return new WriterState(o.getString("uploadId", null), o.getInt("blockSize"), etags,
            o.getInt("tailSize"), Instant.ofEpochSecond(o.getJsonNumber("modified").longValue()));
      }
    }
  }

  WriterState readState(String key) {
    byte[] json = ufile.getBytes(key + STATE);
    return json == null ? null : WriterState.fromJson(json);
  }

  byte[] readTail(String key, int size) {
    if (size == 0) {
      return new byte[0];
    }
    byte[] tail = ufile.getBytes(key + TAIL);
    if (tail == null || tail.length != size) {
      throw new StorageException("writer state of " + key + " is inconsistent: tail has "
          + (tail == null ? "no object" : tail.length + " bytes") + ", state says " + size);
    }
    return tail;
  }

  void saveState(String key, WriterState state, byte[] tail, int tailLength) {
    if (tailLength > 0) {
      byte[] exact = tailLength == tail.length ? tail : java.util.Arrays.copyOf(tail, tailLength);
      ufile.put(key + TAIL, exact);
    } else {
      ufile.delete(key + TAIL);
    }
    ufile.put(key + STATE, state.toJson());
  }

  /** Aborts the key's multipart upload, if any, and removes its state; true if there was one. */
  boolean discardWriterState(String key) {
    WriterState state = readState(key);
    if (state == null) {
      return false;
    }
    if (state.uploadId() != null) {
      ufile.abort(key, state.uploadId());
    }
    ufile.delete(key + TAIL);
    ufile.delete(key + STATE);
    return true;
  }
}
