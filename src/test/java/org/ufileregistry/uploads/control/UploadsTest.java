package org.ufileregistry.uploads.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.ufileregistry.base.control.SideBySide;
import org.ufileregistry.blobs.control.BlobStore;
import org.ufileregistry.blobs.entity.Digest;
import org.ufileregistry.errors.entity.ErrorCode;
import org.ufileregistry.errors.entity.RegistryException;
import org.ufileregistry.repositories.entity.RepositoryName;
import org.ufileregistry.storage.control.StoragePaths;
import org.ufileregistry.storage.inmemory.InMemoryDriver;
import org.ufileregistry.uploads.entity.ContentRange;
import org.ufileregistry.uploads.entity.UploadId;

/** Two registry instances sharing one storage, as behind a load balancer. */
class UploadsTest {
  private final InMemoryDriver storage = new InMemoryDriver();
  private final BlobStore blobs = new BlobStore(storage);
  private final Uploads instanceA = new Uploads(storage, blobs, new UploadHashes(), new SideBySide(ForkJoinPool.commonPool()));
  private final Uploads instanceB = new Uploads(storage, blobs, new UploadHashes(), new SideBySide(ForkJoinPool.commonPool()));
  private final RepositoryName repo = RepositoryName.parse("team/app");
  private final byte[] blob = new byte[3_000_000];

  UploadsTest() {
    new Random(1).nextBytes(blob);
  }

  private static Digest digest(String algorithm, byte[] content) throws Exception {
    MessageDigest md = MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
    return new Digest(algorithm, HexFormat.of().formatHex(md.digest(content)));
  }

  private static ByteArrayInputStream part(byte[] b, int from, int to) {
    return new ByteArrayInputStream(Arrays.copyOfRange(b, from, to));
  }

  @Test
  void chunksWrittenOnDifferentInstancesFormTheBlob() throws Exception {
    UploadId id = instanceA.start(repo);
    assertEquals(1_000_000, instanceA.append(repo, id, part(blob, 0, 1_000_000), new ContentRange(0, 999_999)));
    assertEquals(2_000_000, instanceB.append(repo, id, part(blob, 1_000_000, 2_000_000), new ContentRange(1_000_000, 1_999_999)));
    assertEquals(2_000_000, instanceA.offset(repo, id));
    Digest d = digest("sha256", blob);
    instanceA.complete(repo, id, d, part(blob, 2_000_000, 3_000_000), null);
    assertEquals(blob.length, blobs.size(repo, d));
    assertArrayEquals(blob, blobs.open(d, 0).readAllBytes());
    assertThrows(RegistryException.class, () -> instanceA.offset(repo, id), "the session is gone");
  }

  @Test
  void oneStreamedPatchThenPutOnAnotherInstanceUsesTheRecordedDigest() throws Exception {
    UploadId id = instanceA.start(repo);
    instanceA.append(repo, id, new ByteArrayInputStream(blob), null);
    Digest d = digest("sha256", blob);
    assertArrayEquals(d.toString().getBytes(), storage.getContent(StoragePaths.uploadHashState(repo, id.value(), "sha256", blob.length)));
    instanceB.complete(repo, id, d, new ByteArrayInputStream(new byte[0]), null);
    assertArrayEquals(blob, blobs.open(d, 0).readAllBytes());
  }

  @Test
  void sha512DigestsAreVerifiedToo() throws Exception {
    UploadId id = instanceA.start(repo);
    Digest d = digest("sha512", blob);
    instanceA.complete(repo, id, d, new ByteArrayInputStream(blob), null);
    assertEquals(blob.length, blobs.size(repo, d));
  }

  @Test
  void aWrongDigestDiscardsTheSessionAndPublishesNothing() throws Exception {
    UploadId id = instanceA.start(repo);
    Digest wrong = digest("sha256", new byte[] {1});
    RegistryException e = assertThrows(RegistryException.class,
        () -> instanceA.complete(repo, id, wrong, new ByteArrayInputStream(blob), null));
    assertEquals(ErrorCode.DIGEST_INVALID, e.code());
    assertEquals(-1, blobs.size(wrong));
    assertEquals(-1, blobs.size(digest("sha256", blob)));
    assertEquals(ErrorCode.BLOB_UPLOAD_UNKNOWN, assertThrows(RegistryException.class, () -> instanceA.offset(repo, id)).code());
  }

  @Test
  void anOutOfOrderChunkWritesNothing() {
    UploadId id = instanceA.start(repo);
    instanceA.append(repo, id, part(blob, 0, 100), new ContentRange(0, 99));
    RegistryException e = assertThrows(RegistryException.class,
        () -> instanceB.append(repo, id, part(blob, 200, 300), new ContentRange(200, 299)));
    assertEquals(ErrorCode.RANGE_INVALID, e.code());
    assertEquals(100, instanceA.offset(repo, id));
  }

  @Test
  void unknownSessionsAreUnknown() {
    UploadId never = UploadId.random();
    assertEquals(ErrorCode.BLOB_UPLOAD_UNKNOWN,
        assertThrows(RegistryException.class, () -> instanceA.append(repo, never, part(blob, 0, 1), null)).code());
    assertEquals(ErrorCode.BLOB_UPLOAD_UNKNOWN,
        assertThrows(RegistryException.class, () -> instanceA.cancel(repo, never)).code());
  }
}
