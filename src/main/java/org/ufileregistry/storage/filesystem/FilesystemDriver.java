package org.ufileregistry.storage.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.ufileregistry.storage.control.FileWriter;
import org.ufileregistry.storage.control.StorageDriver;
import org.ufileregistry.storage.control.StoragePathSyntax;
import org.ufileregistry.storage.entity.FileInfo;
import org.ufileregistry.storage.entity.InvalidOffsetException;
import org.ufileregistry.storage.entity.InvalidPathException;
import org.ufileregistry.storage.entity.PathNotFoundException;
import org.ufileregistry.storage.entity.StorageException;

/**
 * Stores files under a root directory of the local filesystem (or a shared mount). Replacing
 * writes go to a hidden temporary sibling that is renamed into place, so readers never see a
 * partial file; names starting with "." are therefore invisible to listings.
 */
public class FilesystemDriver implements StorageDriver {
  private static final String TEMP_PREFIX = ".tmp-";

  private final Path root;
  private final boolean fsync;

  public FilesystemDriver(Path root, boolean fsync) {
    try {
      this.root = Files.createDirectories(root).toRealPath();
    } catch (IOException e) {
      throw new StorageException("cannot create storage root " + root, e);
    }
    this.fsync = fsync;
  }

  @Override
  public String name() {
    return "filesystem";
  }

  private Path resolveFile(String path) {
    return resolve(StoragePathSyntax.checkFile(path));
  }

  private Path resolve(String path) {
    StoragePathSyntax.check(path);
    Path p = "/".equals(path) ? root : root.resolve(path.substring(1)).normalize();
    if (!p.startsWith(root)) {
      throw new InvalidPathException(path);
    }
    return p;
  }

  @Override
  public byte[] getContent(String path) {
    Path p = resolveFile(path);
    try {
      if (Files.isDirectory(p)) {
        throw new PathNotFoundException(path);
      }
      return Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw new PathNotFoundException(path);
    } catch (IOException e) {
      throw new StorageException("cannot read " + path, e);
    }
  }

  @Override
  public void putContent(String path, byte[] content) {
    Path p = resolveFile(path);
    Path tmp = p.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
    try {
      try (FileChannel ch = openCreatingParents(tmp, StandardOpenOption.CREATE_NEW)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        if (fsync) {
          ch.force(false);
        }
      }
      rename(tmp, p);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new StorageException("cannot write " + path, e);
    }
  }

  @Override
  public InputStream reader(String path, long offset) {
    Path p = resolveFile(path);
    try {
      FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
      long size = ch.size();
      if (offset < 0 || offset > size) {
        ch.close();
        throw new InvalidOffsetException(path, offset);
      }
      ch.position(offset);
      return Channels.newInputStream(ch);
    } catch (NoSuchFileException e) {
      throw new PathNotFoundException(path);
    } catch (IOException e) {
      if (Files.isDirectory(p)) {
        throw new PathNotFoundException(path);
      }
      throw new StorageException("cannot open " + path, e);
    }
  }

  @Override
  public FileWriter writer(String path, boolean append) {
    Path p = resolveFile(path);
    try {
      FileChannel ch =
          append
              ? openCreatingParents(p, StandardOpenOption.CREATE)
              : openCreatingParents(
                  p, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
      ch.position(ch.size());
      return new ChannelWriter(path, p, ch);
    } catch (IOException e) {
      throw new StorageException("cannot open writer on " + path, e);
    }
  }

  @Override
  public FileInfo stat(String path) {
    Path p = resolve(path);
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return new FileInfo(
          path, a.isDirectory() ? 0 : a.size(), a.lastModifiedTime().toInstant(), a.isDirectory());
    } catch (NoSuchFileException e) {
      throw new PathNotFoundException(path);
    } catch (IOException e) {
      throw new StorageException("cannot stat " + path, e);
    }
  }

  @Override
  public List<String> list(String path) {
    Path p = resolve(path);
    if (!Files.isDirectory(p)) {
      throw new PathNotFoundException(path);
    }
    try (Stream<Path> children = Files.list(p)) {
      return children
          .map(c -> c.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .map(n -> StoragePathSyntax.join(path, n))
          .toList();
    } catch (NoSuchFileException e) {
      throw new PathNotFoundException(path);
    } catch (IOException e) {
      throw new StorageException("cannot list " + path, e);
    }
  }

  @Override
  public void move(String sourcePath, String destPath) {
    Path src = resolveFile(sourcePath);
    Path dst = resolveFile(destPath);
    if (!Files.isRegularFile(src)) {
      throw new PathNotFoundException(sourcePath);
    }
    try {
      renameCreatingParents(src, dst);
      pruneEmptyParents(src.getParent());
    } catch (NoSuchFileException e) {
      throw new PathNotFoundException(sourcePath);
    } catch (IOException e) {
      throw new StorageException("cannot move " + sourcePath + " to " + destPath, e);
    }
  }

  @Override
  public void delete(String path) {
    Path p = resolveFile(path);
    if (!Files.exists(p)) {
      throw new PathNotFoundException(path);
    }
    try {
      Files.walkFileTree(
          p,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
              // Another process deleted it first: the outcome is the same.
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc)
                throws IOException {
              try {
                Files.deleteIfExists(dir);
              } catch (DirectoryNotEmptyException raced) {
                // A concurrent writer added a file below: leave it and its directory alone.
              }
              return FileVisitResult.CONTINUE;
            }
          });
      pruneEmptyParents(p.getParent());
    } catch (IOException e) {
      throw new StorageException("cannot delete " + path, e);
    }
  }

  /**
   * Opens a file for writing, creating its directories. A concurrent delete may prune a directory
   * between its creation and the open, so that race is retried.
   */
  private static FileChannel openCreatingParents(Path file, StandardOpenOption... options)
      throws IOException {
    StandardOpenOption[] all = java.util.Arrays.copyOf(options, options.length + 1);
    all[options.length] = StandardOpenOption.WRITE;
    for (int attempt = 0; ; attempt++) {
      createDirectories(file.getParent());
      try {
        return FileChannel.open(file, all);
      } catch (NoSuchFileException e) {
        if (attempt >= 5) {
          throw e;
        }
      }
    }
  }

  /** Files.createDirectories, tolerant of a concurrent prune of the same directories. */
  private static void createDirectories(Path dir) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        Files.createDirectories(dir);
        return;
      } catch (java.nio.file.FileAlreadyExistsException | NoSuchFileException raced) {
        if (attempt >= 5) {
          throw raced;
        }
      }
    }
  }

  /** Renames into a directory that a concurrent delete may prune meanwhile. */
  private void renameCreatingParents(Path from, Path to) throws IOException {
    for (int attempt = 0; ; attempt++) {
      createDirectories(to.getParent());
      try {
        rename(from, to);
        return;
      } catch (NoSuchFileException e) {
        if (!Files.exists(from) || attempt >= 5) {
          throw e;
        }
      }
    }
  }

  private void rename(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Directories are implicit in the SPI, so one that lost its last file goes too. */
  private void pruneEmptyParents(Path dir) {
    while (dir != null && dir.startsWith(root) && !dir.equals(root)) {
      try {
        Files.delete(dir);
      } catch (IOException notEmptyOrGone) {
        return;
      }
      dir = dir.getParent();
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // best effort: a leftover temp file is hidden from listings
      }
    }
  }

  private final class ChannelWriter extends FileWriter {
    private final String path;
    private final Path file;
    private final FileChannel channel;
    private boolean closed;

    ChannelWriter(String path, Path file, FileChannel channel) {
      this.path = path;
      this.file = file;
      this.channel = channel;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensureOpen();
      ByteBuffer buf = ByteBuffer.wrap(b, off, len);
      try {
        while (buf.hasRemaining()) {
          channel.write(buf);
        }
      } catch (IOException e) {
        throw new StorageException("cannot write " + path, e);
      }
    }

    @Override
    public long size() {
      try {
        return channel.isOpen() ? channel.size() : Files.size(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void commit() {
      ensureOpen();
      try {
        if (fsync) {
          channel.force(false);
        }
      } catch (IOException e) {
        throw new StorageException("cannot commit " + path, e);
      } finally {
        close();
      }
    }

    @Override
    public void commit(String destination) {
      Path target = resolveFile(destination);
      commit();
      try {
        renameCreatingParents(file, target);
        pruneEmptyParents(file.getParent());
      } catch (IOException e) {
        throw new StorageException("cannot commit " + path + " to " + destination, e);
      }
    }

    @Override
    public void cancel() {
      close();
      deleteQuietly(file);
      pruneEmptyParents(file.getParent());
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        try {
          channel.close();
        } catch (IOException e) {
          throw new StorageException("cannot close " + path, e);
        }
      }
    }

    private void ensureOpen() {
      if (closed) {
        throw new IllegalStateException("writer on " + path + " is closed");
      }
    }
  }
}
