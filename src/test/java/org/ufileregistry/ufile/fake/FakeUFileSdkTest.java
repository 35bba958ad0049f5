package org.ufileregistry.ufile.fake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.ucloud.ufile.UfileClient;
import cn.ucloud.ufile.api.object.ObjectApiBuilder;
import cn.ucloud.ufile.api.object.ObjectConfig;
import cn.ucloud.ufile.api.object.multi.MultiUploadInfo;
import cn.ucloud.ufile.api.object.multi.MultiUploadPartState;
import cn.ucloud.ufile.auth.UfileObjectLocalAuthorization;
import cn.ucloud.ufile.bean.CommonPrefix;
import cn.ucloud.ufile.bean.DownloadFileBean;
import cn.ucloud.ufile.bean.MultiUploadResponse;
import cn.ucloud.ufile.bean.ObjectContentBean;
import cn.ucloud.ufile.bean.ObjectInfoBean;
import cn.ucloud.ufile.bean.ObjectListBean;
import cn.ucloud.ufile.bean.ObjectListWithDirFormatBean;
import cn.ucloud.ufile.bean.ObjectProfile;
import cn.ucloud.ufile.bean.PutObjectResultBean;
import cn.ucloud.ufile.exception.UfileServerException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.security.MessageDigest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Java SDK 2.6.6 against the fake: if the SDK works here, the fake speaks the wire
 * protocol the SDK was built for, signatures included.
 */
class FakeUFileSdkTest {
  private static final String BUCKET = "test-bucket";
  private static final String PUB = "TOKEN_pub";
  private static final String PRIV = "secret";
  /** Space, plus and slashes: the characters whose encoding differs between SDKs. */
  private static final String ODD_KEY = "docker/registry/v2/a b+c.txt";

  @TempDir
  static Path dir;
  static FakeUFile fake;
  static ObjectApiBuilder sdk;

  @BeforeAll
  static void start() {
    fake = FakeUFile.start(dir.resolve("data"), BUCKET, PUB, PRIV);
    sdk = UfileClient.object(new UfileObjectLocalAuthorization(PUB, PRIV), new ObjectConfig(fake.baseUrl()));
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void clean() {
    fake.clear().reset().blockSize(FakeUFile.DEFAULT_BLOCK_SIZE);
  }

  @Test
  void putFileThenProfileGetRangeDownloadAndDelete() throws Exception {
    byte[] data = "hello world, hello ufile".getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(dir.resolve("hello.txt"), data);

    PutObjectResultBean put = sdk.putObject(file.toFile(), "text/plain").nameAs(ODD_KEY).toBucket(BUCKET)
        .withMetaDatas(Map.of("color", "blue")).withVerifyMd5(true).execute();
    assertEquals(UFileEtag.of(data), put.geteTag());
    assertEquals(List.of(ODD_KEY), fake.objectKeys(), "Java's %2F/%20/%2B path decodes to the raw key");

    ObjectProfile profile = sdk.objectProfile(ODD_KEY, BUCKET).execute();
    assertEquals(data.length, profile.getContentLength());
    assertEquals("text/plain", profile.getContentType());
    assertEquals(UFileEtag.of(data), profile.geteTag());
    assertEquals("blue", profile.getMetadatas().get("color"));

    // The SDK downloads through signed URLs only.
    String url = sdk.getDownloadUrlFromPrivateBucket(ODD_KEY, BUCKET, 600).createUrl();
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    sdk.getStream(url).redirectStream(whole).execute();
    assertArrayEquals(data, whole.toByteArray());

    ByteArrayOutputStream part = new ByteArrayOutputStream();
    sdk.getStream(url).withinRange(6, 10).redirectStream(part).execute();
    assertEquals("world", part.toString(StandardCharsets.UTF_8));
    assertEquals(206, fake.requests(Operation.GET_FILE).get(1).status());

    // DownloadFileApi fetches ranges concurrently and verifies the ETag it recomputes locally.
    DownloadFileBean saved = sdk.downloadFile(profile).saveAt(dir.toString(), "downloaded.txt").together(2).execute();
    assertArrayEquals(data, Files.readAllBytes(saved.getFile().toPath()));

    sdk.deleteObject(ODD_KEY, BUCKET).execute();
    assertEquals(204, fake.requests(Operation.DELETE_FILE).get(0).status());
    assertTrue(fake.objectKeys().isEmpty());
    assertEquals(404, serverError(() -> sdk.objectProfile(ODD_KEY, BUCKET).execute()).getResponseCode());
    assertEquals(404, serverError(() -> sdk.deleteObject(ODD_KEY, BUCKET).execute()).getResponseCode());
  }

  @Test
  void putStreamWithAndWithoutMd5() throws Exception {
    byte[] data = randomBytes(100_000, 1);
    // Default PutStream sends an empty Content-MD5 header, which must count as absent.
    sdk.putObject(new ByteArrayInputStream(data), data.length, "application/octet-stream")
        .nameAs("streams/plain").toBucket(BUCKET).execute();
    sdk.putObject(new ByteArrayInputStream(data), data.length, "application/octet-stream")
        .nameAs("streams/verified").toBucket(BUCKET).withVerifyMd5(true, md5Hex(data)).execute();
    assertArrayEquals(data, fake.readObject("streams/plain"));
    assertArrayEquals(data, fake.readObject("streams/verified"));
    assertEquals(UFileEtag.of(data), fake.object("streams/verified").orElseThrow().etag());

    UfileServerException wrongMd5 = assertThrows(UfileServerException.class, () ->
        sdk.putObject(new ByteArrayInputStream(data), data.length, "application/octet-stream")
            .nameAs("streams/bad").toBucket(BUCKET).withVerifyMd5(true, md5Hex(new byte[1])).execute());
    assertEquals(400, wrongMd5.getErrorBean().getResponseCode());
    assertFalse(fake.exists("streams/bad"));
  }

  @Test
  void copyAndRename() throws Exception {
    fake.putObject("src/dir/k 1", "copy me".getBytes(StandardCharsets.UTF_8), "text/plain");
    sdk.copyObject(BUCKET, "src/dir/k 1").copyTo(BUCKET, "dst/k+2").execute();
    assertEquals("copy me", new String(fake.readObject("dst/k+2"), StandardCharsets.UTF_8));
    assertEquals("text/plain", fake.object("dst/k+2").orElseThrow().mimeType());

    sdk.renameObject(BUCKET, "dst/k+2").isRenamedTo("renamed/k").isForcedToCover(false).execute();
    assertEquals(List.of("renamed/k", "src/dir/k 1"), fake.objectKeys());
    UfileServerException occupied = assertThrows(UfileServerException.class, () ->
        sdk.renameObject(BUCKET, "src/dir/k 1").isRenamedTo("renamed/k").isForcedToCover(false).execute());
    assertEquals(400, occupied.getErrorBean().getResponseCode());
    sdk.renameObject(BUCKET, "src/dir/k 1").isRenamedTo("renamed/k").isForcedToCover(true).execute();
    assertEquals(List.of("renamed/k"), fake.objectKeys());
  }

  @Test
  void multipartUploadInAnyPartOrderFinishedUnderNewKeyWhenItsKeyWasTaken() throws Exception {
    byte[] data = randomBytes(2 * FakeUFile.DEFAULT_BLOCK_SIZE + 12345, 2);
    MultiUploadInfo info = sdk.initMultiUpload("uploads/tmp", "application/vnd.oci.image.layer.v1.tar", BUCKET)
        .execute();
    assertEquals(FakeUFile.DEFAULT_BLOCK_SIZE, info.getBlkSize());
    int blk = info.getBlkSize();
    List<MultiUploadPartState> states = new ArrayList<>();
    for (int i : new int[] {2, 0, 1}) {
      int len = Math.min(blk, data.length - i * blk);
      states.add(sdk.multiUploadPart(info, Arrays.copyOfRange(data, i * blk, i * blk + len), i).execute());
    }
    // SDK bug: FinishMultiUploadApi's comparator never returns -1, so the caller's order is sent
    // as is; the service wants partNumber order, so sort here.
    states.sort(Comparator.comparingInt(MultiUploadPartState::getPartIndex));
    // newKey only applies when the upload's own key was taken meanwhile (protocol notes, section 4)
    byte[] other = "someone else's object".getBytes(StandardCharsets.UTF_8);
    sdk.putObject(new ByteArrayInputStream(other), other.length, "text/plain").nameAs("uploads/tmp").toBucket(BUCKET).execute();
    MultiUploadResponse done = sdk.finishMultiUpload(info, states).renameAs("blobs/final").execute();

    assertEquals("blobs/final", done.getKeyName());
    assertEquals(data.length, done.getFileSize());
    assertEquals(UFileEtag.of(data), done.geteTag());
    assertEquals(List.of("blobs/final", "uploads/tmp"), fake.objectKeys());
    assertArrayEquals(other, fake.readObject("uploads/tmp"));
    assertArrayEquals(data, fake.readObject("blobs/final"));
    assertEquals("application/vnd.oci.image.layer.v1.tar", fake.object("blobs/final").orElseThrow().mimeType());
    assertEquals("blobs/final", fake.requests(Operation.FINISH_MULTIPART_UPLOAD).get(0).param("newKey"));
    assertTrue(fake.uploads().isEmpty());

    // The SDK's own download re-verifies the multi-block ETag.
    ObjectProfile profile = sdk.objectProfile("blobs/final", BUCKET).execute();
    DownloadFileBean saved = sdk.downloadFile(profile).saveAt(dir.toString(), "final.bin").execute();
    assertArrayEquals(data, Files.readAllBytes(saved.getFile().toPath()));
  }

  @Test
  void newKeyIsIgnoredWhileTheUploadsKeyIsFree() throws Exception {
    fake.blockSize(8);
    MultiUploadInfo info = sdk.initMultiUpload("uploads/free", "text/plain", BUCKET).execute();
    MultiUploadPartState p0 = sdk.multiUploadPart(info, "01234567".getBytes(StandardCharsets.UTF_8), 0).execute();
    MultiUploadResponse done = sdk.finishMultiUpload(info, new ArrayList<>(List.of(p0))).renameAs("blobs/other").execute();
    assertEquals("uploads/free", done.getKeyName());
    assertEquals(List.of("uploads/free"), fake.objectKeys());
  }

  @Test
  void finishWithTheSdksUnsortedPartsIsRefusedByTheService() throws Exception {
    fake.blockSize(8);
    MultiUploadInfo info = sdk.initMultiUpload("uploads/unsorted", "text/plain", BUCKET).execute();
    MultiUploadPartState p1 = sdk.multiUploadPart(info, "89".getBytes(StandardCharsets.UTF_8), 1).execute();
    MultiUploadPartState p0 = sdk.multiUploadPart(info, "01234567".getBytes(StandardCharsets.UTF_8), 0).execute();
    UfileServerException e = assertThrows(UfileServerException.class,
        () -> sdk.finishMultiUpload(info, new ArrayList<>(List.of(p1, p0))).execute());
    assertEquals(400, e.getErrorBean().getResponseCode());
    assertEquals(1, fake.uploads().size(), "a refused finish leaves the upload open");

    sdk.finishMultiUpload(info, new ArrayList<>(List.of(p0, p1))).execute();
    assertEquals("0123456789", new String(fake.readObject("uploads/unsorted"), StandardCharsets.UTF_8));
  }

  @Test
  void abortDropsTheUploadAndItsParts() throws Exception {
    MultiUploadInfo info = sdk.initMultiUpload("uploads/aborted", "text/plain", BUCKET).execute();
    sdk.multiUploadPart(info, new byte[1000], 0).execute();
    assertEquals(1, fake.uploads().get(0).parts());
    sdk.abortMultiUpload(info).execute();
    assertTrue(fake.uploads().isEmpty());
    assertEquals(404, serverError(() -> sdk.multiUploadPart(info, new byte[10], 1).execute()).getResponseCode());
    assertFalse(fake.exists("uploads/aborted"));
  }

  @Test
  void prefixFileListAndListObjects() throws Exception {
    for (String k : List.of("list/a", "list/b", "list/c/1", "list/c/2", "list/d", "other/x")) {
      fake.putObject(k, k.getBytes(StandardCharsets.UTF_8), "text/plain");
    }
    List<String> seen = new ArrayList<>();
    String marker = "";
    do {
      ObjectListBean page = sdk.objectList(BUCKET).withPrefix("list/").withMarker(marker).dataLimit(2).execute();
      page.getObjectList().stream().map(ObjectInfoBean::getFileName).forEach(seen::add);
      marker = page.getNextMarker();
    } while (marker != null && !marker.isEmpty());
    assertEquals(List.of("list/a", "list/b", "list/c/1", "list/c/2", "list/d"), seen);

    ObjectListWithDirFormatBean dirs = sdk.objectListWithDirFormat(BUCKET).withPrefix("list/").withDelimiter("/")
        .dataLimit(10).execute();
    assertEquals(List.of("list/a", "list/b", "list/d"),
        dirs.getObjectContents().stream().map(ObjectContentBean::getKey).toList());
    assertEquals(List.of("list/c/"), dirs.getCommonPrefixes().stream().map(CommonPrefix::getPrefix).toList());
    assertEquals("6", dirs.getObjectContents().get(0).getSize(), "Size is a string in ListObjects");
    assertEquals(UFileEtag.of("list/a".getBytes(StandardCharsets.UTF_8)), dirs.getObjectContents().get(0).geteTag());
    assertFalse(dirs.getTruncated());
    // The fake sends "MaxKeys" as the docs say; 2.6.6's Gson bean expects "Maxkeys" and stays null.
    assertEquals(null, dirs.getMaxKeys());
  }

  @Test
  void aWrongPrivateKeyIsRefused() {
    ObjectApiBuilder forger = UfileClient.object(new UfileObjectLocalAuthorization(PUB, "not-the-secret"),
        new ObjectConfig(fake.baseUrl()));
    UfileServerException e = assertThrows(UfileServerException.class, () ->
        forger.putObject(new ByteArrayInputStream(new byte[3]), 3, "text/plain").nameAs("k").toBucket(BUCKET).execute());
    assertEquals(403, e.getErrorBean().getResponseCode());
    assertEquals(-148658, e.getErrorBean().getRetCode());
    assertEquals("invalid signature", e.getErrorBean().getErrMsg());
    assertNotNull(e.getErrorBean().getxSessionId());
    assertFalse(fake.exists("k"));
  }

  @Test
  void anExpiredSignedUrlIsRefused() throws Exception {
    fake.putObject("expiring", new byte[] {1, 2, 3}, "application/octet-stream");
    String url = sdk.getDownloadUrlFromPrivateBucket("expiring", BUCKET, 60).createUrl();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    sdk.getStream(url).redirectStream(out).execute();
    assertArrayEquals(new byte[] {1, 2, 3}, out.toByteArray());

    fake.advanceClock(Duration.ofMinutes(2));
    try {
      assertEquals(403, serverError(() -> sdk.getStream(url).redirectStream(new ByteArrayOutputStream()).execute())
          .getResponseCode());
    } finally {
      fake.advanceClock(Duration.ofMinutes(-2));
    }
  }

  interface SdkCall {
    Object run() throws Exception;
  }

  static cn.ucloud.ufile.bean.UfileErrorBean serverError(SdkCall call) {
    return assertThrows(UfileServerException.class, call::run).getErrorBean();
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String md5Hex(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
  }
}
