package org.ufileregistry.storage.ufile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ufileregistry.storage.control.FileWriter;
import org.ufileregistry.storage.control.StorageDriver;
import org.ufileregistry.storage.control.StorageDriverContract;
import org.ufileregistry.ufile.control.UFileClient;
import org.ufileregistry.ufile.fake.FakeUFile;
import org.ufileregistry.ufile.fake.Operation;
import org.ufileregistry.ufile.fake.RecordedRequest;

/** The storage contract on UFile, against the signature-checking UFile stand-in. */
class UFileDriverTest extends StorageDriverContract {
  @TempDir Path dataDir;
  private FakeUFile fake;
  private ExecutorService executor;
  private ExecutorService lookups;
  private UFileClient client;

  @Override
  protected StorageDriver createDriver() {
    // A small block size makes the contract's megabyte-sized writes span many parts.
    fake = FakeUFile.builder().dataDir(dataDir).bucket("test-bucket").keys("pub", "priv").blockSize(256 * 1024).start();
    executor = Executors.newFixedThreadPool(4);
    lookups = Executors.newFixedThreadPool(4);
    client = new UFileClient(Optional.of(fake.baseUrl()), Optional.of("test-bucket"),
        Optional.of("pub"), Optional.of("priv"), 30);
    return new UFileDriver(client, "registry/", Duration.ofMinutes(20), new UFileParts(executor, lookups, 8, 2, Duration.ofMillis(50)));
  }

  @Override
  protected void afterEmptinessCheck() {
    // The bucket itself, which also shows the writer-state objects that listings hide.
    List<String> left = fake.objectKeys();
    executor.shutdownNow();
    lookups.shutdownNow();
    fake.close();
    assertEquals(List.of(), left, "objects left in the bucket");
  }

  @Test
  void copyIsTheDocumentedFallbackForMoves() {
    byte[] content = "copied".getBytes();
    driver.putContent("/copy/src", content);
    client.copy("registry/copy/src", "registry/copy/dst");
    assertArrayEquals(content, driver.getContent("/copy/dst"));
    assertEquals(1, fake.count(Operation.COPY_FILE));
    driver.delete("/copy");
  }

  @Test
  void aWritersStateIsOneObjectSavedByOnePutAndStatReadsOnlyItsHeader() {
    // Every request is a round trip to UFile: saving a writer must be one atomic PUT (a state
    // and a tail saved apart could disagree after a crash), resuming one GET, a stat no tail.
    byte[] content = new byte[100_000];
    new Random(5).nextBytes(content);
    FileWriter w = driver.writer("/uploads/s/data", false);
    w.write(content, 0, content.length);
    fake.resetStats();
    w.close();
    assertEquals(List.of("PUT registry/uploads/s/data~upload"), calls(), "closing saves one object");
    assertEquals(List.of("registry/uploads/s/data~upload"), fake.objectKeys());

    fake.resetStats();
    assertEquals(content.length, driver.stat("/uploads/s/data").size());
    List<RecordedRequest> stateReads = fake.requests(Operation.GET_FILE);
    assertEquals(1, stateReads.size());
    assertTrue(stateReads.get(0).bytesOut() <= 1024,
        "a stat reads the state's header, not its " + content.length + "-byte tail: " + stateReads.get(0).bytesOut());

    fake.resetStats();
    w = driver.writer("/uploads/s/data", true);
    assertEquals(List.of("GET registry/uploads/s/data~upload"),
        calls().stream().filter(c -> c.startsWith("GET")).toList(), "resuming reads the state once");
    w.write(content, 0, 10);
    w.commit("/blobs/s/data");
    byte[] expected = Arrays.copyOf(content, content.length + 10);
    System.arraycopy(content, 0, expected, content.length, 10);
    assertArrayEquals(expected, driver.getContent("/blobs/s/data"));
    assertEquals(List.of("registry/blobs/s/data"), fake.objectKeys(), "the state went with the commit");
    driver.delete("/blobs");
  }

  private List<String> calls() {
    return fake.requests().stream().map(r -> r.method() + " " + r.key()).toList();
  }

  @Test
  void largeWritesGoUpAsMultipartAndCommitWithoutCopying() throws Exception {
    // UFile keeps a finished upload under its own key unless that key was taken (newKey is only
    // the fallback name), so the commit renames: a metadata operation, the bytes are not sent again.
    // Past the 4 MiB first buffer, so Initiate happens and the bucket's 256 KiB blocks apply.
    byte[] content = new byte[5 * 1024 * 1024 + 1000];
    new Random(3).nextBytes(content);
    FileWriter w = driver.writer("/uploads/u/data", false);
    w.write(content, 0, 100_000);
    w.close();
    w = driver.writer("/uploads/u/data", true);
    assertEquals(100_000, w.size(), "a second writer continues where the first stopped");
    w.write(content, 100_000, content.length - 100_000);
    w.commit("/blobs/ab/data");
    assertArrayEquals(content, driver.getContent("/blobs/ab/data"));
    assertEquals(1, fake.count(Operation.FINISH_MULTIPART_UPLOAD));
    assertTrue(fake.requests(Operation.COPY_FILE).isEmpty(), "no copy");
    assertEquals(1, fake.count(Operation.RENAME_FILE), "renamed from the upload's key");
    assertEquals(content.length, fake.requests(Operation.UPLOAD_PART).stream().mapToLong(r -> r.bytesIn()).sum(),
        "the parts carried the content once; the commit sent no bytes");
    driver.delete("/blobs");
  }
}
