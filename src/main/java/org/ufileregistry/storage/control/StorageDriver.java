package org.ufileregistry.storage.control;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.ufileregistry.storage.entity.FileInfo;
import org.ufileregistry.storage.entity.InvalidOffsetException;
import org.ufileregistry.storage.entity.PathNotFoundException;

/**
 * The storage SPI: a hierarchical key/value store of byte streams that every backend (filesystem,
 * in-memory, UFile) implements, modelled on CNCF Distribution's StorageDriver.
 *
 * <p>Paths are absolute, slash-separated and match {@code ^(/[A-Za-z0-9._-]+)+$} without "." or
 * ".." segments; "/" denotes the root for {@link #list}, {@link #stat} and {@link #walk}. Callers
 * build paths only through {@link StoragePaths}. Directories are implicit: a directory exists while
 * some file exists below it and vanishes with its last file. Every method may be called
 * concurrently from several threads and from several processes sharing the same backend.
 *
 * <p>Unless stated otherwise, a method throws {@link PathNotFoundException} when the path does not
 * exist, {@link org.ufileregistry.storage.entity.InvalidPathException} for a malformed path, and
 * {@link org.ufileregistry.storage.entity.StorageException} for backend failures.
 */
public interface StorageDriver {

  /** Short name of the backend, as selected by {@code registry.storage}. */
  String name();

  /**
   * Returns the whole content of a small file (links, metadata, manifests). Callers must not use
   * it for blobs of unbounded size: use {@link #reader}.
   */
  byte[] getContent(String path);

  /**
   * Stores a small file, replacing any previous content atomically: a concurrent reader sees
   * either the old or the new content, never a mix or a truncated file.
   */
  void putContent(String path, byte[] content);

  /**
   * Opens a stream of the file's content starting at {@code offset}. An offset equal to the size
   * yields an empty stream; a negative offset or one past the end throws {@link
   * InvalidOffsetException}. The caller closes the stream.
   */
  InputStream reader(String path, long offset);

  /**
   * Opens a writer on the file. With {@code append=false} any previous content is discarded; with
   * {@code append=true} writing continues after the content written so far (by this or another
   * process), and a missing file starts empty. Appending to committed non-empty content is an
   * error. Content written but not committed counts in {@link #stat}'s size but is readable only
   * once committed (an object store cannot read back an unfinished multipart upload).
   */
  FileWriter writer(String path, boolean append);

  /** Size, modification time and kind of a file or directory. */
  FileInfo stat(String path);

  /** Whether a file or directory exists at the path. */
  default boolean exists(String path) {
    try {
      stat(path);
      return true;
    } catch (PathNotFoundException e) {
      return false;
    }
  }

  /** Full paths of the direct children of a directory, in lexical order. */
  List<String> list(String path);

  /**
   * Moves a file to a new path, replacing any file already there. Readers of the destination see
   * either the old or the complete new content. The source no longer exists afterwards.
   */
  void move(String sourcePath, String destPath);

  /** Deletes a file, or a directory with everything below it. */
  void delete(String path);

  /**
   * A URL from which a client may fetch the file directly (for example a signed object-store
   * URL), or empty when the backend serves no redirects; {@code method} is GET or HEAD.
   */
  default Optional<URI> redirectUrl(String method, String path) {
    return Optional.empty();
  }

  /**
   * Visits every file and directory below {@code path} depth-first in lexical order. The visitor
   * may skip a directory's contents or stop the walk. A missing start path throws {@link
   * PathNotFoundException}.
   */
  default void walk(String path, Visitor visitor) {
    stat(path);
    walkBelow(this, path, visitor);
  }

  /** The walk over {@link #list} and {@link #stat}; false once the visitor stopped it. */
  private static boolean walkBelow(StorageDriver driver, String dir, Visitor visitor) {
    List<String> children;
    try {
      children = driver.list(dir);
    } catch (PathNotFoundException deletedMeanwhile) {
      return true;
    }
    for (String child : children) {
      FileInfo info;
      try {
        info = driver.stat(child);
      } catch (PathNotFoundException deletedMeanwhile) {
        continue;
      }
      Walk next = visitor.visit(info);
      if (next == Walk.STOP) {
        return false;
      }
      if (info.directory() && next == Walk.CONTINUE && !walkBelow(driver, child, visitor)) {
        return false;
      }
    }
    return true;
  }

  /** Decides how a {@link #walk} continues after each entry. */
  @FunctionalInterface
  interface Visitor {
    Walk visit(FileInfo entry);
  }

  /** What the walk does next. */
  enum Walk {
    CONTINUE,
    /** Do not descend into this directory (same as CONTINUE for files). */
    SKIP_DIR,
    STOP
  }
}
