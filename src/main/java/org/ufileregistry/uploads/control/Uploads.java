package org.ufileregistry.uploads.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ufileregistry.base.control.SideBySide;
import org.ufileregistry.blobs.control.BlobStore;
import org.ufileregistry.blobs.entity.Digest;
import org.ufileregistry.errors.entity.ErrorCode;
import org.ufileregistry.repositories.entity.RepositoryName;
import org.ufileregistry.storage.control.FileWriter;
import org.ufileregistry.storage.control.StorageDriver;
import org.ufileregistry.storage.control.StoragePaths;
import org.ufileregistry.storage.entity.PathNotFoundException;
import org.ufileregistry.storage.entity.StorageException;
import org.ufileregistry.uploads.entity.ContentRange;
import org.ufileregistry.uploads.entity.UploadId;

/**
 * Blob upload sessions. All state is in storage (see {@link StoragePaths}), so a session started on
 * one instance can be continued or finished on any other. Bytes stream from the request into
 * the storage writer and through SHA-256 on the way; nothing holds a whole chunk in memory.
 */
@ApplicationScoped
public class Uploads {
  private static final Logger LOG = Logger.getLogger(Uploads.class.getName());
  static final int BUFFER = 256 * 1024;

  private final StorageDriver driver;
  private final BlobStore blobs;
  private final UploadHashes hashes;
  private final SideBySide sideBySide;

  @Inject
  public Uploads(StorageDriver driver, BlobStore blobs, UploadHashes hashes, SideBySide sideBySide) {
    this.driver = driver;
    this.blobs = blobs;
    this.hashes = hashes;
    this.sideBySide = sideBySide;
  }

  /** For the CDI client proxy only. */
  protected Uploads() {
    this.driver = null;
    this.blobs = null;
    this.hashes = null;
    this.sideBySide = null;
  }

  public UploadId start(RepositoryName repo) {
    UploadId id = UploadId.random();
    driver.putContent(
        StoragePaths.uploadStartedAt(repo, id.value()),
        Instant.now().toString().getBytes(StandardCharsets.US_ASCII));
    return id;
  }

  /** Bytes received so far; BLOB_UPLOAD_UNKNOWN for a session that does not exist. */
  public long offset(RepositoryName repo, UploadId id) {
    requireSession(repo, id);
    return dataSize(repo, id);
  }

  /**
   * Appends a chunk (or the whole blob, streamed) and returns the new offset. A chunk that does
   * not start where the upload stands is refused with 416 and nothing is written.
   */
  public long append(RepositoryName repo, UploadId id, InputStream body, ContentRange range) {
    requireSession(repo, id);
    // The writer knows where the upload stands: no separate stat (a round trip on object storage).
    Chunk chunk;
    try (FileWriter writer = driver.writer(StoragePaths.uploadData(repo, id.value()), true)) {
      chunk = write(repo, id, writer, body, range);
    }
    recordDigest(repo, id, chunk);
    return chunk.end();
  }

  /**
   * Finishes the upload with an optional last chunk: verifies the digest over everything
   * received, publishes the blob atomically and links it into the repository. On a digest
   * mismatch the session is discarded, as nothing it holds can become that blob. The last chunk
   * goes into the same writer that publishes the blob, so the upload is read and saved once.
   */
  public void complete(
      RepositoryName repo, UploadId id, Digest expected, InputStream lastChunk, ContentRange range) {
    requireSession(repo, id);
    String data = StoragePaths.uploadData(repo, id.value());
    FileWriter writer = driver.writer(data, true);
    Digest recorded;
    try {
      Chunk chunk = write(repo, id, writer, lastChunk, range);
      recorded = chunk.sha() != null && Digest.SHA_256.equals(expected.algorithm())
          ? Digest.of(Digest.SHA_256, UploadHashes.copy(chunk.sha()).digest())
          : recordedDigest(repo, id, expected.algorithm(), chunk.end());
    } catch (RuntimeException e) {
      writer.close(); // keeps what this request appended, as a PATCH would have
      throw e;
    }
    if (recorded != null) {
      if (!recorded.equals(expected)) {
        writer.cancel(); // aborts a multipart upload this request may have begun
      }
      requireMatch(repo, id, expected, recorded);
      blobs.publish(writer, expected);
    } else {
      // Chunks hashed on different instances (or a digest other than sha256): finish the data
      // where it is, hash it again from storage, and only then move it into place.
      writer.commit();
      requireMatch(repo, id, expected, rehash(data, expected.algorithm()));
      blobs.publish(data, expected);
    }
    // The blob is in place: linking it and clearing the session away do not depend on each other.
    sideBySide.run(() -> blobs.link(repo, expected), () -> discard(repo, id));
  }

  private void requireMatch(RepositoryName repo, UploadId id, Digest expected, Digest actual) {
    if (!actual.equals(expected)) {
      discard(repo, id);
      throw ErrorCode.DIGEST_INVALID.with(
          "upload has digest " + actual + " but " + expected + " was given");
    }
  }

  public void cancel(RepositoryName repo, UploadId id) {
    requireSession(repo, id);
    discard(repo, id);
  }

  private void discard(RepositoryName repo, UploadId id) {
    hashes.forget(key(repo, id));
    try {
      driver.delete(StoragePaths.uploadDir(repo, id.value()));
    } catch (PathNotFoundException alreadyGone) {
      // a concurrent cancel or completion did it
    }
  }

  /**
   * What one request appended: where the upload stood before and after it, and the running
   * SHA-256 up to its end (null when the bytes before the chunk were hashed elsewhere).
   */
  private record Chunk(long start, long end, MessageDigest sha) {}

  /**
   * Once the writer has saved the chunk: records the finished digest of data[0,end) so that an
   * instance without the running state can still finish the common "one PATCH, then PUT" upload
   * without re-reading it.
   */
  private void recordDigest(RepositoryName repo, UploadId id, Chunk chunk) {
    if (chunk.sha() == null || chunk.end() == chunk.start()) {
      return;
    }
    hashes.remember(key(repo, id), chunk.end(), chunk.sha());
    byte[] prefixDigest = UploadHashes.copy(chunk.sha()).digest();
    driver.putContent(
        StoragePaths.uploadHashState(repo, id.value(), Digest.SHA_256, chunk.end()),
        (Digest.SHA_256 + ":" + HexFormat.of().formatHex(prefixDigest)).getBytes(StandardCharsets.US_ASCII));
  }

  /** Streams the body into the writer, hashing it on the way; checks the announced range. */
  private Chunk write(RepositoryName repo, UploadId id, FileWriter writer, InputStream body, ContentRange range) {
    long start = writer.size();
    if (range != null && range.start() != start) {
      throw ErrorCode.RANGE_INVALID.with(
          "chunk starts at " + range.start() + " but the upload holds " + start + " bytes");
    }
    String key = key(repo, id);
    // Without the running state of the bytes before this chunk (another instance wrote them)
    // the digest is computed from storage at completion instead.
    MessageDigest sha = start == 0 ? Digest.newMessageDigest(Digest.SHA_256) : hashes.at(key, start);
    long written = 0;
    if (body != null) {
      byte[] buf = new byte[BUFFER];
      for (int n; (n = readSome(body, buf)) >= 0; ) {
        if (n > 0) {
          writer.write(buf, 0, n);
          if (sha != null) {
            sha.update(buf, 0, n);
          }
          written += n;
        }
      }
    }
    if (range != null && written != range.length()) {
      throw ErrorCode.SIZE_INVALID.with(
          "Content-Range announced " + range.length() + " bytes but the body had " + written);
    }
    return new Chunk(start, start + written, sha);
  }

  /** Fills the buffer as far as the body allows; -1 at the end of the body. */
  private static int readSome(InputStream body, byte[] buf) {
    try {
      int n = body.readNBytes(buf, 0, buf.length);
      return n == 0 ? -1 : n;
    } catch (IOException e) {
      throw ErrorCode.BLOB_UPLOAD_INVALID.with("request body ended early: " + e.getMessage(), e);
    }
  }

  /** The digest of data[0, size) as hashed while it streamed in, or null if not known here. */
  private Digest recordedDigest(RepositoryName repo, UploadId id, String algorithm, long size) {
    if (!Digest.SHA_256.equals(algorithm)) {
      return null;
    }
    MessageDigest running = hashes.at(key(repo, id), size);
    if (running != null) {
      return Digest.of(algorithm, running.digest());
    }
    try {
      return Digest.parse(
          new String(
              driver.getContent(StoragePaths.uploadHashState(repo, id.value(), algorithm, size)),
              StandardCharsets.US_ASCII));
    } catch (PathNotFoundException notRecorded) {
      return null;
    }
  }

  private Digest rehash(String path, String algorithm) {
    LOG.log(Level.FINE, "re-hashing {0} from storage", path);
    MessageDigest md = Digest.newMessageDigest(algorithm);
    byte[] buf = new byte[BUFFER];
    try (InputStream in = driver.reader(path, 0)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new StorageException("cannot re-read " + path, e);
    }
    return Digest.of(algorithm, md.digest());
  }

  private void requireSession(RepositoryName repo, UploadId id) {
    if (!driver.exists(StoragePaths.uploadStartedAt(repo, id.value()))) {
      throw ErrorCode.BLOB_UPLOAD_UNKNOWN.with("no upload " + id + " in " + repo);
    }
  }

  private long dataSize(RepositoryName repo, UploadId id) {
    try {
      return driver.stat(StoragePaths.uploadData(repo, id.value())).size();
    } catch (PathNotFoundException e) {
      return 0;
    }
  }

  private static String key(RepositoryName repo, UploadId id) {
    return repo.value() + "@" + id.value();
  }
}
