package org.ufileregistry.storage.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ufileregistry.storage.entity.FileInfo;
import org.ufileregistry.storage.entity.InvalidOffsetException;
import org.ufileregistry.storage.entity.InvalidPathException;
import org.ufileregistry.storage.entity.PathNotFoundException;

/**
 * The behaviour every {@link StorageDriver} must have, after CNCF Distribution's driver test
 * suite. A driver's test extends this class and supplies the driver; nothing else. Every test
 * must leave the storage empty, which {@link #storageIsLeftEmpty} enforces, so the suite can run
 * against a shared real bucket.
 */
public abstract class StorageDriverContract {
  protected StorageDriver driver;
  private final Random random = new Random(42);
  private String base;

  /** A fresh driver over empty storage. */
  protected abstract StorageDriver createDriver() throws Exception;

  @BeforeEach
  void setUpDriver() throws Exception {
    driver = createDriver();
    base = "/contract-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void storageIsLeftEmpty() throws Exception {
    try {
      List<String> left;
      try {
        left = driver.list("/");
      } catch (PathNotFoundException empty) {
        left = List.of();
      }
      for (String path : left) {
        driver.delete(path);
      }
      assertEquals(List.of(), left, "the test left files behind");
    } finally {
      afterEmptinessCheck();
    }
  }

  /** Runs after the emptiness check: a driver's own checks of its backend, then cleanup. */
  protected void afterEmptinessCheck() throws Exception {}

  private String path(String... segments) {
    return base + "/" + String.join("/", segments);
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 32, 4096, 1024 * 1024 + 7})
  void putContentThenGetContentReturnsTheSameBytes(int size) {
    byte[] content = randomBytes(size);
    String p = path("file");
    driver.putContent(p, content);
    assertArrayEquals(content, driver.getContent(p));
    assertEquals(size, driver.stat(p).size());
    driver.delete(base);
  }

  @Test
  void nonUtf8ContentSurvives() {
    byte[] content = {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, 0x28};
    driver.putContent(path("bin"), content);
    assertArrayEquals(content, driver.getContent(path("bin")));
    driver.delete(base);
  }

  @Test
  void putContentReplacesLongerContentEntirely() {
    driver.putContent(path("f"), randomBytes(1000));
    byte[] shorter = "short".getBytes(StandardCharsets.UTF_8);
    driver.putContent(path("f"), shorter);
    assertArrayEquals(shorter, driver.getContent(path("f")));
    driver.delete(base);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "relative", "/", "/trailing/", "//double", "/a/../b", "/a/./b", "/..", "/spaces here",
        "/unicode-\u00e9", "/back\\slash", "/a//b"
      })
  void malformedPathsAreRefused(String bad) {
    if ("/".equals(bad)) {
      assertThrows(InvalidPathException.class, () -> driver.putContent(bad, new byte[1]));
      return;
    }
    assertThrows(InvalidPathException.class, () -> driver.putContent(bad, new byte[1]));
    assertThrows(InvalidPathException.class, () -> driver.getContent(bad));
    assertThrows(InvalidPathException.class, () -> driver.writer(bad, false));
  }

  @Test
  void missingPathsAreNotFound() {
    String p = path("missing");
    assertThrows(PathNotFoundException.class, () -> driver.getContent(p));
    assertThrows(PathNotFoundException.class, () -> driver.reader(p, 0));
    assertThrows(PathNotFoundException.class, () -> driver.stat(p));
    assertThrows(PathNotFoundException.class, () -> driver.list(p));
    assertThrows(PathNotFoundException.class, () -> driver.delete(p));
    assertThrows(PathNotFoundException.class, () -> driver.move(p, path("other")));
    assertThrows(PathNotFoundException.class, () -> driver.walk(p, e -> StorageDriver.Walk.CONTINUE));
  }

  @Test
  void readerHonoursOffsets() throws IOException {
    byte[] content = randomBytes(10_000);
    String p = path("f");
    driver.putContent(p, content);
    assertArrayEquals(content, readAll(driver.reader(p, 0)));
    assertArrayEquals(Arrays.copyOfRange(content, 4321, content.length), readAll(driver.reader(p, 4321)));
    assertArrayEquals(new byte[] {content[9_999]}, readAll(driver.reader(p, 9_999)));
    assertArrayEquals(new byte[0], readAll(driver.reader(p, 10_000)));
    assertThrows(InvalidOffsetException.class, () -> driver.reader(p, 10_001));
    assertThrows(InvalidOffsetException.class, () -> driver.reader(p, -1));
    driver.delete(base);
  }

  @Test
  void writerContinuesAcrossWritersAndCommits() throws IOException {
    String p = path("upload");
    byte[] a = randomBytes(3 * 1024 * 1024 + 11);
    byte[] b = randomBytes(17);
    byte[] c = randomBytes(1024 * 1024);
    try (FileWriter w = driver.writer(p, false)) {
      w.write(a);
      assertEquals(a.length, w.size());
    }
    assertEquals(a.length, driver.stat(p).size(), "closed content is kept for a later append");
    try (FileWriter w = driver.writer(p, true)) {
      assertEquals(a.length, w.size());
      for (byte x : b) {
        w.write(x);
      }
    }
    FileWriter w = driver.writer(p, true);
    assertEquals(a.length + b.length, w.size());
    w.write(c);
    w.commit();
    byte[] expected = new byte[a.length + b.length + c.length];
    System.arraycopy(a, 0, expected, 0, a.length);
    System.arraycopy(b, 0, expected, a.length, b.length);
    System.arraycopy(c, 0, expected, a.length + b.length, c.length);
    assertArrayEquals(expected, readAll(driver.reader(p, 0)));
    assertThrows(IllegalStateException.class, () -> w.write(1), "a committed writer accepts no more");
    driver.delete(base);
  }

  @Test
  void writerCommitsUnderAnotherPathReplacingWhatWasThere() throws IOException {
    byte[] content = randomBytes(200_000);
    String upload = path("uploads", "u1", "data");
    String blob = path("blobs", "ab", "data");
    driver.putContent(blob, randomBytes(10));
    try (FileWriter w = driver.writer(upload, false)) {
      w.write(content, 0, 100_000);
    }
    FileWriter w = driver.writer(upload, true);
    w.write(content, 100_000, 100_000);
    w.commit(blob);
    assertArrayEquals(content, readAll(driver.reader(blob, 0)));
    assertThrows(PathNotFoundException.class, () -> driver.stat(upload));
    assertThrows(PathNotFoundException.class, () -> driver.list(path("uploads")), "the emptied upload directory vanishes");
    FileWriter empty = driver.writer(path("uploads", "u2", "data"), true);
    empty.commit(path("blobs", "empty", "data"));
    assertEquals(0, driver.stat(path("blobs", "empty", "data")).size(), "an empty upload commits an empty file");
    driver.delete(base);
  }

  @Test
  void zeroByteWriteThenAppend() throws IOException {
    String p = path("empty-first");
    try (FileWriter w = driver.writer(p, false)) {
      assertEquals(0, w.size());
    }
    try (FileWriter w = driver.writer(p, true)) {
      assertEquals(0, w.size());
      w.write(new byte[] {1, 2, 3});
    }
    assertEquals(3, driver.stat(p).size());
    driver.writer(p, true).commit();
    assertArrayEquals(new byte[] {1, 2, 3}, readAll(driver.reader(p, 0)));
    driver.delete(base);
  }

  @Test
  void writerWithoutAppendDiscardsOldContent() throws IOException {
    String p = path("f");
    driver.putContent(p, randomBytes(100));
    FileWriter w = driver.writer(p, false);
    w.write(new byte[] {9});
    w.commit();
    assertArrayEquals(new byte[] {9}, driver.getContent(p));
    driver.delete(base);
  }

  @Test
  void cancelDiscardsEverything() {
    String p = path("cancelled");
    try (FileWriter w = driver.writer(p, false)) {
      w.write(randomBytes(1000));
    }
    FileWriter w = driver.writer(p, true);
    w.write(randomBytes(10));
    w.cancel();
    assertThrows(PathNotFoundException.class, () -> driver.stat(p));
  }

  @Test
  void largeStreamKeepsItsChecksum() throws Exception {
    String p = path("large");
    MessageDigest written = MessageDigest.getInstance("SHA-256");
    byte[] chunk = new byte[1024 * 1024];
    long total = 0;
    try (FileWriter w = driver.writer(p, false)) {
      for (int i = 0; i < 48; i++) {
        random.nextBytes(chunk);
        int n = 1 + random.nextInt(chunk.length);
        w.write(chunk, 0, n);
        written.update(chunk, 0, n);
        total += n;
      }
      w.commit();
    }
    assertEquals(total, driver.stat(p).size());
    MessageDigest read = MessageDigest.getInstance("SHA-256");
    try (InputStream in = driver.reader(p, 0)) {
      int n;
      while ((n = in.read(chunk)) > 0) {
        read.update(chunk, 0, n);
      }
    }
    assertArrayEquals(written.digest(), read.digest());
    driver.delete(base);
  }

  @Test
  void listShowsDirectChildrenInOrder() {
    driver.putContent(path("dir", "b"), new byte[1]);
    driver.putContent(path("dir", "a"), new byte[1]);
    driver.putContent(path("dir", "sub", "deep"), new byte[1]);
    driver.putContent(path("dir-sibling"), new byte[1]);
    assertEquals(List.of(path("dir", "a"), path("dir", "b"), path("dir", "sub")), driver.list(path("dir")));
    assertEquals(List.of(path("dir"), path("dir-sibling")), driver.list(base));
    assertTrue(driver.list("/").contains(base));
    driver.delete(base);
  }

  @Test
  void statTellsFilesFromDirectories() {
    driver.putContent(path("d", "f"), new byte[5]);
    FileInfo file = driver.stat(path("d", "f"));
    assertFalse(file.directory());
    assertEquals(5, file.size());
    assertEquals(path("d", "f"), file.path());
    assertTrue(driver.stat(path("d")).directory());
    driver.delete(base);
  }

  @Test
  void moveReplacesTheDestinationAndRemovesTheSource() {
    byte[] content = randomBytes(2048);
    driver.putContent(path("src", "f"), content);
    driver.putContent(path("dst", "f"), randomBytes(10));
    driver.move(path("src", "f"), path("dst", "f"));
    assertArrayEquals(content, driver.getContent(path("dst", "f")));
    assertThrows(PathNotFoundException.class, () -> driver.stat(path("src", "f")));
    assertThrows(PathNotFoundException.class, () -> driver.list(path("src")), "an emptied directory vanishes");
    driver.move(path("dst", "f"), path("new", "deep", "f"));
    assertArrayEquals(content, driver.getContent(path("new", "deep", "f")));
    driver.delete(base);
  }

  @Test
  void deleteRemovesOnlyTheSubtree() {
    driver.putContent(path("a", "b", "1"), new byte[1]);
    driver.putContent(path("a", "b", "c", "2"), new byte[1]);
    driver.putContent(path("a", "bc"), new byte[1]);
    driver.putContent(path("a", "b-sibling", "3"), new byte[1]);
    driver.delete(path("a", "b"));
    assertThrows(PathNotFoundException.class, () -> driver.stat(path("a", "b")));
    assertThrows(PathNotFoundException.class, () -> driver.stat(path("a", "b", "c", "2")));
    assertEquals(List.of(path("a", "b-sibling"), path("a", "bc")), driver.list(path("a")));
    driver.delete(path("a", "bc"));
    driver.delete(path("a", "b-sibling", "3"));
    assertThrows(PathNotFoundException.class, () -> driver.list(base), "emptied parents vanish");
  }

  @Test
  void walkVisitsDepthFirstInOrderAndHonoursSkipAndStop() {
    for (String f : List.of("a/1", "a/x/2", "b/3", "c")) {
      driver.putContent(base + "/" + f, new byte[1]);
    }
    List<String> seen = new ArrayList<>();
    driver.walk(base, e -> {
      seen.add(e.path().substring(base.length() + 1) + (e.directory() ? "/" : ""));
      return StorageDriver.Walk.CONTINUE;
    });
    assertEquals(List.of("a/", "a/1", "a/x/", "a/x/2", "b/", "b/3", "c"), seen);

    seen.clear();
    driver.walk(base, e -> {
      seen.add(e.path().substring(base.length() + 1));
      return e.path().endsWith("/a") ? StorageDriver.Walk.SKIP_DIR : StorageDriver.Walk.CONTINUE;
    });
    assertEquals(List.of("a", "b", "b/3", "c"), seen);

    seen.clear();
    driver.walk(base, e -> {
      seen.add(e.path().substring(base.length() + 1));
      return e.path().endsWith("/x") ? StorageDriver.Walk.STOP : StorageDriver.Walk.CONTINUE;
    });
    assertEquals(List.of("a", "a/1", "a/x"), seen);
    driver.delete(base);
  }

  @Test
  void concurrentReadersSeeTheSameBytes() throws Exception {
    byte[] content = randomBytes(2 * 1024 * 1024);
    String p = path("shared");
    driver.putContent(p, content);
    List<Callable<byte[]>> readers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      int offset = i * 1000;
      readers.add(() -> readAll(driver.reader(p, offset)));
    }
    List<Future<byte[]>> results = runAll(readers);
    for (int i = 0; i < results.size(); i++) {
      assertArrayEquals(Arrays.copyOfRange(content, i * 1000, content.length), results.get(i).get());
    }
    driver.delete(base);
  }

  @Test
  void concurrentWritersOfDifferentFilesDoNotInterfere() throws Exception {
    List<byte[]> contents = new ArrayList<>();
    List<Callable<byte[]>> writers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      byte[] c = randomBytes(256 * 1024 + i);
      contents.add(c);
      String p = path("dir" + (i % 3), "f" + i);
      writers.add(() -> {
        try (FileWriter w = driver.writer(p, false)) {
          for (int off = 0; off < c.length; off += 4096) {
            w.write(c, off, Math.min(4096, c.length - off));
          }
          w.commit();
        }
        return c;
      });
    }
    runAll(writers);
    for (int i = 0; i < 16; i++) {
      assertArrayEquals(contents.get(i), driver.getContent(path("dir" + (i % 3), "f" + i)));
    }
    driver.delete(base);
  }

  @Test
  void concurrentReplacementsNeverMixContent() throws Exception {
    String p = path("contended");
    List<byte[]> versions = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      byte[] v = new byte[64 * 1024];
      Arrays.fill(v, (byte) i);
      versions.add(v);
    }
    driver.putContent(p, versions.get(0));
    List<Callable<byte[]>> tasks = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      for (byte[] v : versions) {
        tasks.add(() -> {
          driver.putContent(p, v);
          return v;
        });
        tasks.add(() -> {
          byte[] seen = driver.getContent(p);
          assertEquals(64 * 1024, seen.length, "a reader saw a partial file");
          for (byte x : seen) {
            if (x != seen[0]) {
              fail("a reader saw two versions mixed");
            }
          }
          return seen;
        });
      }
    }
    runAll(tasks);
    driver.delete(base);
  }

  @Test
  void concurrentMovesToOneDestinationLeaveOneWholeFile() throws Exception {
    byte[] content = randomBytes(512 * 1024);
    List<Callable<byte[]>> moves = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String src = path("uploads", "u" + i, "data");
      driver.putContent(src, content);
      moves.add(() -> {
        driver.move(src, path("blobs", "same", "data"));
        return null;
      });
    }
    runAll(moves);
    assertArrayEquals(content, driver.getContent(path("blobs", "same", "data")));
    assertThrows(PathNotFoundException.class, () -> driver.list(path("uploads")));
    driver.delete(base);
  }

  @Test
  void concurrentDeleteAndWriteInOneDirectoryKeepTheNewFile() throws Exception {
    for (int round = 0; round < 20; round++) {
      String old = path("d", "old" + round);
      String fresh = path("d", "new" + round);
      driver.putContent(old, new byte[1]);
      runAll(List.of(
          () -> { driver.delete(old); return null; },
          () -> { driver.putContent(fresh, new byte[] {7}); return null; }));
      assertArrayEquals(new byte[] {7}, driver.getContent(fresh));
      driver.delete(fresh);
    }
  }

  private static <T> List<Future<T>> runAll(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<T>> futures = pool.invokeAll(tasks, 60, TimeUnit.SECONDS);
      for (Future<T> f : futures) {
        f.get();
      }
      return futures;
    } finally {
      pool.shutdownNow();
    }
  }
}
