package org.ufileregistry.blobs.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.ufileregistry.blobs.entity.Digest;
import org.ufileregistry.errors.entity.ErrorCode;
import org.ufileregistry.repositories.entity.RepositoryName;
import org.ufileregistry.storage.control.FileWriter;
import org.ufileregistry.storage.control.StorageDriver;
import org.ufileregistry.storage.control.StoragePaths;
import org.ufileregistry.storage.entity.PathNotFoundException;

/**
 * Content-addressed blobs and which repositories may serve them. Blob data is shared by all
 * repositories; a repository sees a blob only through its link, so deleting a blob from one
 * repository never takes it from another.
 */
@ApplicationScoped
public class BlobStore {

  private final StorageDriver driver;

  @Inject
  public BlobStore(StorageDriver driver) {
    this.driver = driver;
  }

  /** For the CDI client proxy only. */
  protected BlobStore() {
    this.driver = null;
  }

  /** Size of a blob the repository may serve; BLOB_UNKNOWN otherwise. */
  public long size(RepositoryName repo, Digest digest) {
    if (!linked(repo, digest)) {
      throw ErrorCode.BLOB_UNKNOWN.with(digest.toString());
    }
    long size = size(digest);
    if (size < 0) {
      throw ErrorCode.BLOB_UNKNOWN.with(digest.toString());
    }
    return size;
  }

  /** Size of the blob's data regardless of repository, or -1 when it is not stored. */
  public long size(Digest digest) {
    try {
      return driver.stat(StoragePaths.blobData(digest)).size();
    } catch (PathNotFoundException e) {
      return -1;
    }
  }

  public boolean linked(RepositoryName repo, Digest digest) {
    // A link is always a small file written whole: reading it answers in one storage request,
    // where a stat that misses must also rule out a directory or a file being written.
    try {
      driver.getContent(StoragePaths.layerLink(repo, digest));
      return true;
    } catch (PathNotFoundException e) {
      return false;
    }
  }

  /** Opens the blob's bytes from {@code offset}; the caller has checked the repository link. */
  public InputStream open(Digest digest, long offset) {
    try {
      return driver.reader(StoragePaths.blobData(digest), offset);
    } catch (PathNotFoundException e) {
      throw ErrorCode.BLOB_UNKNOWN.with(digest.toString());
    }
  }

  /** A URL the client may fetch the blob from directly, when the backend offers one. */
  public Optional<URI> redirect(String method, Digest digest) {
    return driver.redirectUrl(method, StoragePaths.blobData(digest));
  }

  public void link(RepositoryName repo, Digest digest) {
    driver.putContent(
        StoragePaths.layerLink(repo, digest), digest.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /** Removes the blob from the repository; its data stays for other repositories (and GC). */
  public void unlink(RepositoryName repo, Digest digest) {
    try {
      driver.delete(StoragePaths.layerDir(repo, digest));
    } catch (PathNotFoundException e) {
      throw ErrorCode.BLOB_UNKNOWN.with(digest.toString());
    }
  }

  /**
   * Makes a blob of {@code source} available in {@code target} without a transfer; false when
   * the source repository cannot serve it, so the client must upload it.
   */
  public boolean mount(RepositoryName target, RepositoryName source, Digest digest) {
    if (!linked(source, digest) || size(digest) < 0) {
      return false;
    }
    link(target, digest);
    return true;
  }

  /**
   * Stores small verified content (a manifest) under its digest. Content-addressed, so storing it
   * again replaces it with the same bytes: one write, where asking first would cost a stat too.
   */
  public void putContent(Digest digest, byte[] content) {
    driver.putContent(StoragePaths.blobData(digest), content);
  }

  public byte[] getContent(Digest digest) {
    try {
      return driver.getContent(StoragePaths.blobData(digest));
    } catch (PathNotFoundException e) {
      throw ErrorCode.BLOB_UNKNOWN.with(digest.toString());
    }
  }

  /**
   * Publishes a verified upload as the blob, committing it straight under the blob's path. The
   * commit is atomic, so readers see nothing or the whole blob. A blob that is already there (a
   * concurrent push of the same content) is replaced by identical bytes; not asking first saves
   * a round trip on every push, and by now the bytes are uploaded anyway.
   */
  public void publish(FileWriter verifiedUpload, Digest digest) {
    verifiedUpload.commit(StoragePaths.blobData(digest));
  }

  /** Like {@link #publish(FileWriter, Digest)} for upload data that is already committed. */
  public void publish(String verifiedDataPath, Digest digest) {
    if (size(digest) >= 0) {
      driver.delete(verifiedDataPath);
      return;
    }
    driver.move(verifiedDataPath, StoragePaths.blobData(digest));
  }
}
