package org.ufileregistry.uploads.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ufileregistry.base.control.SideBySide;
import org.ufileregistry.blobs.control.BlobStore;
import org.ufileregistry.blobs.entity.Digest;
import org.ufileregistry.repositories.entity.RepositoryName;
import org.ufileregistry.storage.control.StoragePaths;
import org.ufileregistry.storage.ufile.UFileDriver;
import org.ufileregistry.storage.ufile.UFileParts;
import org.ufileregistry.ufile.control.UFileClient;
import org.ufileregistry.ufile.fake.FakeUFile;
import org.ufileregistry.ufile.fake.Operation;
import org.ufileregistry.ufile.fake.RecordedRequest;
import org.ufileregistry.uploads.entity.UploadId;

/**
 * Every UFile request is a round trip (tens of milliseconds on the public cloud), and a push waits
 * for most of them one after the other: this keeps the small requests of skopeo's upload (POST,
 * one PATCH with the whole blob, PUT with the digest) from creeping back up. Counts as of
 * 2026-11-30 (79 small requests for a whole one-layer push before, `bench/ufile-trace.sh`).
 */
class UploadRoundTripsTest {
  @TempDir Path dataDir;
  private final ExecutorService parts = Executors.newFixedThreadPool(4);
  private final ExecutorService lookups = Executors.newFixedThreadPool(4);
  private final ExecutorService side = Executors.newFixedThreadPool(4);
  private FakeUFile fake;

  @AfterEach
  void stop() {
    parts.shutdownNow();
    lookups.shutdownNow();
    side.shutdownNow();
    if (fake != null) {
      fake.close();
    }
  }

  @Test
  void aStreamedUploadMakesFewSmallRequests() throws Exception {
    fake = FakeUFile.builder().dataDir(dataDir).bucket("b").keys("pub", "priv").blockSize(256 * 1024).start();
    UFileClient client = new UFileClient(Optional.of(fake.baseUrl()), Optional.of("b"), Optional.of("pub"),
        Optional.of("priv"), 30);
    UFileDriver driver = new UFileDriver(client, "", Duration.ofMinutes(20),
        new UFileParts(parts, lookups, 8, 2, Duration.ofMillis(50)));
    BlobStore blobs = new BlobStore(driver);
    Uploads uploads = new Uploads(driver, blobs, new UploadHashes(), new SideBySide(side));
    RepositoryName repo = RepositoryName.parse("team/app");
    byte[] blob = new byte[5 * 1024 * 1024];
    new Random(9).nextBytes(blob);
    Digest digest = new Digest("sha256",
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob)));

    fake.resetStats();
    UploadId id = uploads.start(repo);
    assertAtMost(1, "POST");
    fake.resetStats();
    uploads.append(repo, id, new ByteArrayInputStream(blob), null);
    // session check, writer open (state GET + HEAD together), Initiate, state save, digest record
    assertAtMost(6, "PATCH");
    fake.resetStats();
    uploads.complete(repo, id, digest, null, null);
    // session check, writer open (2), Finish, Rename, state delete, link, cleanup (HEAD, state,
    // listing, 2 deletes); the last part is counted apart
    assertAtMost(12, "PUT");

    assertArrayEquals(blob, driver.getContent(StoragePaths.blobData(digest)));
    assertTrue(blobs.linked(repo, digest));
  }

  private void assertAtMost(int most, String phase) {
    List<String> small = fake.requests().stream()
        .filter(r -> r.operation() != Operation.UPLOAD_PART)
        .map(UploadRoundTripsTest::describe)
        .toList();
    assertTrue(small.size() <= most, phase + " made " + small.size() + " small UFile requests, at most "
        + most + " expected: " + small);
  }

  private static String describe(RecordedRequest r) {
    return r.operation().apiName() + " " + r.key();
  }
}
