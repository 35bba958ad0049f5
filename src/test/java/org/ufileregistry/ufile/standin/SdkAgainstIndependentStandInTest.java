package org.ufileregistry.ufile.standin;

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
import cn.ucloud.ufile.bean.UfileErrorBean;
import cn.ucloud.ufile.exception.UfileServerException;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Java SDK 2.6.6 against the independent Python stand-in
 * ({@code src/test/ufile-standin/ufile_standin.py}), started here as a process. If the SDK
 * works against it, the stand-in speaks the wire protocol the SDK was built for, signatures
 * included. There is no skip: without {@code python3} on the PATH this test fails.
 */
class SdkAgainstIndependentStandInTest {
  static final Path SCRIPT = Path.of("src/test/ufile-standin/ufile_standin.py").toAbsolutePath();
  /** The interpreter; overridable only to prove that a missing one fails the test instead of skipping it. */
  static final String PYTHON = System.getProperty("ufile.standin.python", "python3");
  static final String BUCKET = "indep-bucket";
  static final String PUB = "INDEP_pub";
  static final String PRIV = "indep-secret";
  static final int BLK = 4 * 1024 * 1024;
  /** Space, plus and slashes: Java 2.6.6 sends them as %20, %2B and %2F. */
  static final String ODD_KEY = "docker/registry/v2/a b+c 中文.txt";

  @TempDir
  static Path dir;
  static Process standIn;
  static String baseUrl;
  static ObjectApiBuilder sdk;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    assertTrue(Files.isRegularFile(SCRIPT), "stand-in script missing: " + SCRIPT);
    standIn = new ProcessBuilder(PYTHON, SCRIPT.toString(), "--port", "0", "--bucket", BUCKET,
        "--public-key", PUB, "--private-key", PRIV, "--data-dir", dir.resolve("data").toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(standIn.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertNotNull(line, "the stand-in exited before listening");
    Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(line);
    assertTrue(m.find(), line);
    baseUrl = "http://127.0.0.1:" + m.group(1);
    sdk = UfileClient.object(new UfileObjectLocalAuthorization(PUB, PRIV), new ObjectConfig(baseUrl));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (standIn != null) {
      standIn.destroy();
      standIn.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @BeforeEach
  void reset() throws Exception {
    assertEquals(200, admin("POST", "reset").statusCode());
  }

  @Test
  void theProtocolsSignatureAndEtagVectorsHold() throws Exception {
    Process p = new ProcessBuilder(PYTHON, SCRIPT.toString(), "--self-test").redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), text);
    assertTrue(text.contains("0 failure(s)"), text);
  }

  @Test
  void putProfileSignedUrlGetRangeDownloadAndDelete() throws Exception {
    byte[] data = "hello world, hello ufile".getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(dir.resolve("hello.txt"), data);

    PutObjectResultBean put = sdk.putObject(file.toFile(), "text/plain").nameAs(ODD_KEY).toBucket(BUCKET)
        .withMetaDatas(Map.of("color", "blue")).withVerifyMd5(true).execute();
    assertEquals(etag(data), put.geteTag());
    assertTrue(adminText("objects").contains("\"key\":\"" + ODD_KEY + "\""), "the %2F/%20/%2B path decodes to the raw key");

    ObjectProfile profile = sdk.objectProfile(ODD_KEY, BUCKET).execute();
    assertEquals(data.length, profile.getContentLength());
    assertEquals("text/plain", profile.getContentType());
    assertEquals(etag(data), profile.geteTag());
    assertEquals("blue", profile.getMetadatas().get("color"));

    String url = sdk.getDownloadUrlFromPrivateBucket(ODD_KEY, BUCKET, 600).createUrl();
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    sdk.getStream(url).redirectStream(whole).execute();
    assertArrayEquals(data, whole.toByteArray());

    ByteArrayOutputStream part = new ByteArrayOutputStream();
    sdk.getStream(url).withinRange(6, 10).redirectStream(part).execute();
    assertEquals("world", part.toString(StandardCharsets.UTF_8));
    assertTrue(adminText("requests").matches("(?s).*\"operation\":\"GetFile\",\"status\":206.*"));

    // DownloadFileApi fetches ranges concurrently and re-checks the ETag it computes itself.
    DownloadFileBean saved = sdk.downloadFile(profile).saveAt(dir.toString(), "downloaded.txt").together(2).execute();
    assertArrayEquals(data, Files.readAllBytes(saved.getFile().toPath()));

    sdk.deleteObject(ODD_KEY, BUCKET).execute();
    assertTrue(adminText("requests").matches("(?s).*\"operation\":\"DeleteFile\",\"status\":204.*"));
    assertEquals("[]", adminText("objects"));
    assertEquals(404, serverError(() -> sdk.objectProfile(ODD_KEY, BUCKET).execute()).getResponseCode());
    UfileErrorBean gone = serverError(() -> sdk.deleteObject(ODD_KEY, BUCKET).execute());
    assertEquals(404, gone.getResponseCode());
    assertEquals(-148654, gone.getRetCode());
    assertEquals("file not exist", gone.getErrMsg());
  }

  @Test
  void putStreamWithEmptyGoodAndBadMd5() throws Exception {
    byte[] data = randomBytes(100_000, 1);
    // The default PutStream sends an empty Content-MD5 header, which counts as absent.
    sdk.putObject(new ByteArrayInputStream(data), data.length, "application/octet-stream")
        .nameAs("streams/plain").toBucket(BUCKET).execute();
    sdk.putObject(new ByteArrayInputStream(data), data.length, "application/octet-stream")
        .nameAs("streams/verified").toBucket(BUCKET).withVerifyMd5(true, md5Hex(data)).execute();
    assertArrayEquals(data, download("streams/plain"));
    assertArrayEquals(data, download("streams/verified"));

    UfileServerException wrongMd5 = assertThrows(UfileServerException.class, () ->
        sdk.putObject(new ByteArrayInputStream(data), data.length, "application/octet-stream")
            .nameAs("streams/bad").toBucket(BUCKET).withVerifyMd5(true, md5Hex(new byte[1])).execute());
    assertEquals(400, wrongMd5.getErrorBean().getResponseCode());
    assertEquals(404, serverError(() -> sdk.objectProfile("streams/bad", BUCKET).execute()).getResponseCode());
  }

  @Test
  void copyAndRename() throws Exception {
    put("src/dir/k 1", "copy me".getBytes(StandardCharsets.UTF_8), "text/plain");
    sdk.copyObject(BUCKET, "src/dir/k 1").copyTo(BUCKET, "dst/k+2").execute();
    assertEquals("copy me", new String(download("dst/k+2"), StandardCharsets.UTF_8));
    assertEquals("text/plain", sdk.objectProfile("dst/k+2", BUCKET).execute().getContentType());
    assertEquals(404, serverError(() -> sdk.copyObject(BUCKET, "no/such").copyTo(BUCKET, "x").execute())
        .getResponseCode());

    sdk.renameObject(BUCKET, "dst/k+2").isRenamedTo("renamed/k").isForcedToCover(false).execute();
    assertEquals(List.of("renamed/k", "src/dir/k 1"), keys());
    assertEquals(400, serverError(() -> sdk.renameObject(BUCKET, "src/dir/k 1").isRenamedTo("renamed/k")
        .isForcedToCover(false).execute()).getResponseCode());
    sdk.renameObject(BUCKET, "src/dir/k 1").isRenamedTo("renamed/k").isForcedToCover(true).execute();
    assertEquals(List.of("renamed/k"), keys());
    assertEquals("copy me", new String(download("renamed/k"), StandardCharsets.UTF_8));
  }

  @Test
  void multipartUploadInAnyPartOrderThenFinish() throws Exception {
    byte[] data = randomBytes(2 * BLK + 12345, 2);
    MultiUploadInfo info = sdk.initMultiUpload("uploads/tmp", "application/vnd.oci.image.layer.v1.tar", BUCKET)
        .execute();
    assertEquals(BLK, info.getBlkSize());
    List<MultiUploadPartState> states = uploadParts(info, data, new int[] {2, 0, 1});
    // SDK bug: the Finish comparator never returns -1, so parts go in caller order; sort here.
    states.sort(Comparator.comparingInt(MultiUploadPartState::getPartIndex));
    // "uploads/tmp" is free, so per the docs the object keeps its key; newKey is only the fallback.
    MultiUploadResponse done = sdk.finishMultiUpload(info, states).renameAs("blobs/final").execute();
    assertEquals("uploads/tmp", done.getKeyName());
    assertEquals(data.length, done.getFileSize());
    assertEquals(etag(data), done.geteTag());
    assertEquals(List.of("uploads/tmp"), keys());
    assertEquals("[]", adminText("uploads"));

    ObjectProfile profile = sdk.objectProfile("uploads/tmp", BUCKET).execute();
    assertEquals("application/vnd.oci.image.layer.v1.tar", profile.getContentType());
    DownloadFileBean saved = sdk.downloadFile(profile).saveAt(dir.toString(), "final.bin").execute();
    assertArrayEquals(data, Files.readAllBytes(saved.getFile().toPath()));

    // The key is taken now: the next upload to it lands under newKey.
    byte[] small = "second".getBytes(StandardCharsets.UTF_8);
    MultiUploadInfo again = sdk.initMultiUpload("uploads/tmp", "text/plain", BUCKET).execute();
    MultiUploadResponse second = sdk.finishMultiUpload(again, uploadParts(again, small, new int[] {0}))
        .renameAs("blobs/second").execute();
    assertEquals("blobs/second", second.getKeyName());
    assertArrayEquals(small, download("blobs/second"));
    assertArrayEquals(data, download("uploads/tmp"));
  }

  @Test
  void finishIsRefusedForUnsortedEtagsShortPartsAndUnknownIds() throws Exception {
    byte[] data = randomBytes(BLK + 10, 3);
    MultiUploadInfo info = sdk.initMultiUpload("uploads/strict", "text/plain", BUCKET).execute();
    List<MultiUploadPartState> states = uploadParts(info, data, new int[] {1, 0});
    UfileErrorBean unsorted = serverError(() -> sdk.finishMultiUpload(info, new ArrayList<>(states)).execute());
    assertEquals(400, unsorted.getResponseCode());
    assertTrue(adminText("uploads").contains(info.getUploadId()), "a refused Finish leaves the upload open");

    // A part other than the last that is not exactly BlkSize: refused at Finish, not at upload.
    MultiUploadInfo shortParts = sdk.initMultiUpload("uploads/short", "text/plain", BUCKET).execute();
    List<MultiUploadPartState> bad = new ArrayList<>();
    bad.add(sdk.multiUploadPart(shortParts, new byte[BLK - 1], 0).execute());
    bad.add(sdk.multiUploadPart(shortParts, new byte[5], 1).execute());
    UfileErrorBean tooShort = serverError(() -> sdk.finishMultiUpload(shortParts, bad).execute());
    assertEquals(400, tooShort.getResponseCode());
    assertTrue(tooShort.getErrMsg().contains("exactly"), tooShort.getErrMsg());

    states.sort(Comparator.comparingInt(MultiUploadPartState::getPartIndex));
    sdk.finishMultiUpload(info, states).execute();
    assertArrayEquals(data, download("uploads/strict"));
    // The id is dead after Finish.
    assertEquals(404, serverError(() -> sdk.finishMultiUpload(info, states).execute()).getResponseCode());
    assertEquals(404, serverError(() -> sdk.multiUploadPart(info, new byte[3], 2).execute()).getResponseCode());
  }

  @Test
  void abortDropsTheUploadAndItsParts() throws Exception {
    MultiUploadInfo info = sdk.initMultiUpload("uploads/aborted", "text/plain", BUCKET).execute();
    MultiUploadPartState p0 = sdk.multiUploadPart(info, new byte[1000], 0).execute();
    assertTrue(adminText("uploads").contains("\"parts\":1"), adminText("uploads"));
    sdk.abortMultiUpload(info).execute();
    assertEquals("[]", adminText("uploads"));
    assertEquals(404, serverError(() -> sdk.multiUploadPart(info, new byte[10], 1).execute()).getResponseCode());
    assertEquals(404, serverError(() -> sdk.finishMultiUpload(info, new ArrayList<>(List.of(p0))).execute())
        .getResponseCode());
    assertEquals(List.of(), keys());
  }

  @Test
  void prefixFileListAndListObjects() throws Exception {
    for (String k : List.of("list/a", "list/b", "list/c/1", "list/c/2", "list/d", "other/x")) {
      put(k, k.getBytes(StandardCharsets.UTF_8), "text/plain");
    }
    List<String> seen = new ArrayList<>();
    String marker = "";
    int pages = 0;
    do {
      ObjectListBean page = sdk.objectList(BUCKET).withPrefix("list/").withMarker(marker).dataLimit(2).execute();
      page.getObjectList().stream().map(ObjectInfoBean::getFileName).forEach(seen::add);
      marker = page.getNextMarker();
      pages++;
    } while (marker != null && !marker.isEmpty());
    assertEquals(List.of("list/a", "list/b", "list/c/1", "list/c/2", "list/d"), seen);
    assertEquals(3, pages);

    ObjectListWithDirFormatBean dirs = sdk.objectListWithDirFormat(BUCKET).withPrefix("list/").withDelimiter("/")
        .dataLimit(10).execute();
    assertEquals(List.of("list/a", "list/b", "list/d"),
        dirs.getObjectContents().stream().map(ObjectContentBean::getKey).toList());
    assertEquals(List.of("list/c/"), dirs.getCommonPrefixes().stream().map(CommonPrefix::getPrefix).toList());
    assertEquals("6", dirs.getObjectContents().get(0).getSize(), "Size is a string in ListObjects");
    assertEquals(etag("list/a".getBytes(StandardCharsets.UTF_8)), dirs.getObjectContents().get(0).geteTag());
    assertFalse(dirs.getTruncated());

    // Paged: entries and common prefixes both count; the marker is exclusive.
    ObjectListWithDirFormatBean first = sdk.objectListWithDirFormat(BUCKET).withPrefix("list/").withDelimiter("/")
        .dataLimit(3).execute();
    assertTrue(first.getTruncated());
    assertEquals("list/c/", first.getNextMarker());
    ObjectListWithDirFormatBean rest = sdk.objectListWithDirFormat(BUCKET).withPrefix("list/").withDelimiter("/")
        .withMarker(first.getNextMarker()).dataLimit(3).execute();
    assertEquals(List.of("list/d"), rest.getObjectContents().stream().map(ObjectContentBean::getKey).toList());
    assertTrue(rest.getCommonPrefixes() == null || rest.getCommonPrefixes().isEmpty());
    assertFalse(rest.getTruncated());
  }

  @Test
  void aWrongPrivateKeyIsRefused() throws Exception {
    ObjectApiBuilder forger = UfileClient.object(new UfileObjectLocalAuthorization(PUB, "not-the-secret"),
        new ObjectConfig(baseUrl));
    UfileServerException e = assertThrows(UfileServerException.class, () ->
        forger.putObject(new ByteArrayInputStream(new byte[3]), 3, "text/plain").nameAs("k").toBucket(BUCKET).execute());
    assertEquals(403, e.getErrorBean().getResponseCode());
    assertEquals(-148658, e.getErrorBean().getRetCode());
    assertEquals("invalid signature", e.getErrorBean().getErrMsg());
    assertNotNull(e.getErrorBean().getxSessionId());
    assertEquals(List.of(), keys());

    put("k", new byte[] {1}, "text/plain");
    assertEquals(403, serverError(() -> forger.objectProfile("k", BUCKET).execute()).getResponseCode());
    String forgedUrl = forger.getDownloadUrlFromPrivateBucket("k", BUCKET, 600).createUrl();
    assertEquals(403, serverError(() -> sdk.getStream(forgedUrl).redirectStream(new ByteArrayOutputStream()).execute())
        .getResponseCode());
    // A request signed for another bucket name is refused too: the bucket is part of the signature.
    ObjectApiBuilder otherBucket = sdk;
    assertEquals(403, serverError(() -> otherBucket.objectProfile("k", "other-bucket").execute()).getResponseCode());
    // No Authorization at all.
    HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/k")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(401, anonymous.statusCode());
    assertTrue(anonymous.body().contains("\"RetCode\":-148643"), anonymous.body());
  }

  @Test
  void anExpiredSignedUrlIsRefused() throws Exception {
    put("expiring", new byte[] {1, 2, 3}, "application/octet-stream");
    String url = sdk.getDownloadUrlFromPrivateBucket("expiring", BUCKET, 1).createUrl();
    Thread.sleep(2100);
    assertEquals(403, serverError(() -> sdk.getStream(url).redirectStream(new ByteArrayOutputStream()).execute())
        .getResponseCode());
  }

  // ------------------------------------------------------------------ helpers

  static List<MultiUploadPartState> uploadParts(MultiUploadInfo info, byte[] data, int[] order) throws Exception {
    int blk = info.getBlkSize();
    List<MultiUploadPartState> states = new ArrayList<>();
    for (int i : order) {
      int from = i * blk;
      int len = Math.min(blk, data.length - from);
      states.add(sdk.multiUploadPart(info, Arrays.copyOfRange(data, from, from + len), i).execute());
    }
    return states;
  }

  static void put(String key, byte[] data, String mime) throws Exception {
    sdk.putObject(new ByteArrayInputStream(data), data.length, mime).nameAs(key).toBucket(BUCKET).execute();
  }

  static byte[] download(String key) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    sdk.getStream(sdk.getDownloadUrlFromPrivateBucket(key, BUCKET, 600).createUrl()).redirectStream(out).execute();
    return out.toByteArray();
  }

  static List<String> keys() throws Exception {
    Matcher m = Pattern.compile("\"key\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(adminText("objects"));
    List<String> keys = new ArrayList<>();
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }

  static HttpResponse<String> admin(String method, String what) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/__fake/" + what))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String adminText(String what) throws Exception {
    HttpResponse<String> r = admin("GET", what);
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  interface SdkCall {
    Object run() throws Exception;
  }

  static UfileErrorBean serverError(SdkCall call) {
    return assertThrows(UfileServerException.class, call::run).getErrorBean();
  }

  /** UFile ETag per protocol §5, computed here independently of the stand-in. */
  static String etag(byte[] data) throws Exception {
    int blocks = (data.length + BLK - 1) / BLK;
    MessageDigest outer = MessageDigest.getInstance("SHA-1");
    byte[] h = null;
    for (int i = 0; i < blocks; i++) {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(Arrays.copyOfRange(data, i * BLK,
          Math.min(data.length, (i + 1) * BLK)));
      if (blocks == 1) {
        h = d;
      }
      outer.update(d);
    }
    if (blocks == 0) {
      h = MessageDigest.getInstance("SHA-1").digest(new byte[0]);
    } else if (blocks > 1) {
      h = outer.digest();
    }
    byte[] raw = new byte[4 + h.length];
    raw[0] = (byte) blocks;
    raw[1] = (byte) (blocks >>> 8);
    raw[2] = (byte) (blocks >>> 16);
    raw[3] = (byte) (blocks >>> 24);
    System.arraycopy(h, 0, raw, 4, h.length);
    return java.util.Base64.getUrlEncoder().encodeToString(raw);
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
