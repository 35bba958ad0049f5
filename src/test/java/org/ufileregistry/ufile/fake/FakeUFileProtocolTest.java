package org.ufileregistry.ufile.fake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake's rules that the SDK cannot reach or would mask: Go-style requests (raw '/' and '+',
 * no Date, no Content-Type), the documented X-UCloud-* form, finish validation, ranges, listing
 * pages, limits and fault injection. Requests are signed by hand with {@link Signatures}.
 */
class FakeUFileProtocolTest {
  private static final String BUCKET = "test-bucket";
  private static final String PUB = "TOKEN_pub";
  private static final String PRIV = "secret";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir
  static Path dir;
  static FakeUFile fake;

  @BeforeAll
  static void start() {
    fake = FakeUFile.builder().dataDir(dir).bucket(BUCKET).keys(PUB, PRIV).threads(8).start();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void clean() {
    fake.clear().reset().blockSize(FakeUFile.DEFAULT_BLOCK_SIZE).maxPutSize(FakeUFile.DEFAULT_MAX_PUT_SIZE);
  }

  @Test
  void signaturesMatchTheProtocolTestVectors() {
    String blob = "docker/registry/v2/blobs/sha256/ab/abcdef/data";
    assertEquals("UCloud TOKEN_pub:anedEz72klf/LwyNKdLBzmxGZ/g=",
        Signatures.authorization(PUB, PRIV, "PUT", "", "application/octet-stream", "20240102030405", BUCKET, blob));
    assertEquals("UCloud TOKEN_pub:O7+brVNBqKcsMobbyqNRI2F284s=", Signatures.authorization(PUB, PRIV, "PUT",
        "5eb63bbbe01eeed093cb22bb8f5acdc3", "text/plain", "20240102030405", BUCKET, "hello.txt"));
    assertEquals("UCloud TOKEN_pub:lKOXXcZagt1LdpKTO+8V6DQiXyo=",
        Signatures.authorization(PUB, PRIV, "HEAD", null, null, null, BUCKET, blob));
    assertEquals("PUR231DIeArpn/IwJ6yit5Flouw=", Signatures.sign(PRIV,
        Signatures.stringToSign("GET", "", "", "1700000000", "", BUCKET, "dir/hello world 中文.txt")));
    assertEquals("AeP0MS6Mibsr5VwdoVrM0OYl2aY=", Signatures.sign(PRIV, Signatures.stringToSign("PUT", "",
        "image/jpeg", "", "x-ucloud-bar:bar1,bar2\nx-ucloud-foo:foo\n", BUCKET, "demokey")));
    assertEquals("QxIKPaFFywJ2CEgFzjkC+XL5I8w=", Signatures.sign(PRIV, Signatures.stringToSign("PUT", "", "",
        "20240102030405", "x-ufile-copy-source:/src-bucket/src/key\nx-ufile-copy-source-range:bytes=0-4194303\n",
        BUCKET, "dst/key")));
  }

  @Test
  void etagsMatchTheProtocolExamples() {
    assertEquals("AQAAACqubDXJT8-0FdvpX0CLnOke6Ebt", UFileEtag.of("hello world".getBytes(StandardCharsets.UTF_8)));
    assertEquals("AgAAABCFgki5yzon0rjN9uJusf6qtsF6", UFileEtag.of(new byte[UFileEtag.BLOCK_SIZE + 1]));
    assertEquals("AAAAANo5o-5ea0sNMlW_75VgGJCv2AcJ", UFileEtag.of(new byte[0]));
    assertEquals("K8y9LzjxXBPrfVqJ_Z2F9ZXiO8M=", UFileEtag.ofPart(new byte[UFileEtag.BLOCK_SIZE]));
  }

  @Test
  void goStyleRequestsWithRawSlashPlusAndNoDateOrContentType() throws Exception {
    String key = "go/a b+c.txt";
    var put = send(req("PUT", key, "").body("x".getBytes(StandardCharsets.UTF_8)));
    assertEquals(200, put.statusCode());
    assertEquals(List.of(key), fake.objectKeys());
    var head = send(req("HEAD", key, ""));
    assertEquals(200, head.statusCode());
    assertEquals("1", head.headers().firstValue("Content-Length").orElseThrow());
    assertEquals("\"" + UFileEtag.of("x".getBytes(StandardCharsets.UTF_8)) + "\"",
        head.headers().firstValue("ETag").orElseThrow());
    assertEquals("application/octet-stream", head.headers().firstValue("Content-Type").orElseThrow());
  }

  @Test
  void theDocumentedXUCloudHeaderFormIsAccepted() throws Exception {
    String toSign = Signatures.stringToSign("PUT", "", "image/jpeg", "", "x-ucloud-bar:bar1,bar2\nx-ucloud-foo:foo\n",
        BUCKET, "demokey");
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/demokey"))
        .header("Content-Type", "image/jpeg").header("X-UCloud-Foo", "foo").header("X-UCloud-Bar", "bar1")
        .header("X-UCloud-Bar", "bar2").header("Authorization", "UCloud " + PUB + ":" + Signatures.sign(PRIV, toSign))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1}));
    assertEquals(200, HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode());
    r.setHeader("X-UCloud-Foo", "tampered");
    assertEquals(403, HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode());
  }

  @Test
  void refusedSignaturesAnswer403WithTheUFileErrorBody() throws Exception {
    var unsigned = HTTP.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/k"))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[1])).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(403, unsigned.statusCode());
    var forged = send(req("GET", "k", "").header("Authorization", "UCloud " + PUB + ":AAAAAAAAAAAAAAAAAAAAAAAAAAA="));
    assertEquals(403, forged.statusCode());
    JsonObject err = json(forged);
    assertEquals(-148658, err.getInt("RetCode"));
    assertEquals("invalid signature", err.getString("ErrMsg"));
    assertTrue(forged.headers().firstValue("X-SessionId").isPresent());
    // Signed for one Content-Type, sent with another: the server signs what it receives.
    var swapped = HTTP.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/k"))
        .header("Content-Type", "text/html")
        .header("Authorization", Signatures.authorization(PUB, PRIV, "PUT", null, "text/plain", null, BUCKET, "k"))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[1])).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(403, swapped.statusCode());
    var head = send(req("HEAD", "k", "").header("Authorization", "UCloud " + PUB + ":nope"));
    assertEquals(403, head.statusCode());
    assertEquals(0, head.body().length, "HEAD errors carry no body");
  }

  @Test
  void signedUrlsAreCheckedAndExpire() throws Exception {
    fake.putObject("dir/hello world 中文.txt", new byte[] {7}, "text/plain");
    long future = Instant.now().getEpochSecond() + 60;
    String path = "/" + Signatures.encodePath("dir/hello world 中文.txt") + "?";
    assertEquals(200, get(path + Signatures.signedQuery(PUB, PRIV, "GET", future, BUCKET, "dir/hello world 中文.txt"))
        .statusCode());
    assertEquals(403, get(path + Signatures.signedQuery(PUB, PRIV, "GET", future, BUCKET, "other")).statusCode());
    long past = Instant.now().getEpochSecond() - 1;
    var expired = get(path + Signatures.signedQuery(PUB, PRIV, "GET", past, BUCKET, "dir/hello world 中文.txt"));
    assertEquals(403, expired.statusCode());
    assertEquals(-148658, json(expired).getInt("RetCode"));
  }

  @Test
  void contentMd5IsVerified() throws Exception {
    byte[] body = "hello world".getBytes(StandardCharsets.UTF_8);
    var bad = send(req("PUT", "md5", "", "00000000000000000000000000000000", "text/plain").body(body));
    assertEquals(400, bad.statusCode());
    assertFalse(fake.exists("md5"));
    var good = send(req("PUT", "md5", "", "5eb63bbbe01eeed093cb22bb8f5acdc3", "text/plain").body(body));
    assertEquals(200, good.statusCode());
    assertEquals("text/plain", fake.object("md5").orElseThrow().mimeType());
  }

  @Test
  void rangesAnswer206Or416() throws Exception {
    fake.putObject("r", "0123456789".getBytes(StandardCharsets.UTF_8), "text/plain");
    fake.putObject("empty", new byte[0], "text/plain");
    var mid = send(req("GET", "r", "").header("Range", "bytes=2-4"));
    assertEquals(206, mid.statusCode());
    assertEquals("234", new String(mid.body(), StandardCharsets.UTF_8));
    assertEquals("bytes 2-4/10", mid.headers().firstValue("Content-Range").orElseThrow());
    assertEquals("789", new String(send(req("GET", "r", "").header("Range", "bytes=7-")).body(), StandardCharsets.UTF_8));
    assertEquals("89", new String(send(req("GET", "r", "").header("Range", "bytes=-2")).body(), StandardCharsets.UTF_8));
    assertEquals("9", new String(send(req("GET", "r", "").header("Range", "bytes=9-100")).body(), StandardCharsets.UTF_8));
    var past = send(req("GET", "r", "").header("Range", "bytes=10-"));
    assertEquals(416, past.statusCode());
    assertEquals("invalid range", json(past).getString("ErrMsg"));
    assertEquals("bytes */10", past.headers().firstValue("Content-Range").orElseThrow());
    assertEquals(416, send(req("GET", "empty", "").header("Range", "bytes=0-")).statusCode());
    assertEquals(200, send(req("GET", "empty", "")).statusCode());
    assertEquals(404, send(req("GET", "missing", "")).statusCode());
  }

  @Test
  void finishEnforcesBlockSizedPartsEtagOrderAndNoGaps() throws Exception {
    fake.blockSize(4);
    String id = initiate("mp");
    String e0 = part("mp", id, 0, "aaaa");
    String e1 = part("mp", id, 1, "bb");
    String e2 = part("mp", id, 2, "cc");
    assertEquals(400, finish("mp", id, "", e0 + "," + e1 + "," + e2).statusCode(), "short middle part");
    e1 = part("mp", id, 1, "bbbb"); // re-upload replaces the part
    assertEquals(400, finish("mp", id, "", e1 + "," + e0 + "," + e2).statusCode(), "etags out of order");
    assertEquals(400, finish("mp", id, "", e0 + "," + e1).statusCode(), "a part left out");
    assertEquals(400, finish("mp", id, "", "\"" + e0 + "\"," + e1 + "," + e2).statusCode(), "quoted etag");
    assertEquals(400, finish("mp", id, "", "").statusCode(), "no etags");

    var done = finish("mp", id, "", e0 + "," + e1 + "," + e2);
    assertEquals(200, done.statusCode());
    JsonObject result = json(done);
    assertEquals("mp", result.getString("Key"));
    assertEquals(10, result.getJsonNumber("FileSize").longValue());
    assertEquals(BUCKET, result.getString("Bucket"));
    assertEquals("aaaabbbbcc", new String(fake.readObject("mp"), StandardCharsets.UTF_8));
    assertEquals("\"" + UFileEtag.of("aaaabbbbcc".getBytes(StandardCharsets.UTF_8)) + "\"",
        done.headers().firstValue("ETag").orElseThrow());
    assertEquals(404, finish("mp", id, "", e0 + "," + e1 + "," + e2).statusCode(), "the upload is gone");

    String gappy = initiate("gap");
    String g0 = part("gap", gappy, 0, "aaaa");
    String g2 = part("gap", gappy, 2, "cc");
    assertEquals(400, finish("gap", gappy, "", g0 + "," + g2).statusCode(), "gap at part 1");
    String big = initiate("big");
    String b0 = part("big", big, 0, "aaaaaa");
    assertEquals(400, finish("big", big, "", b0).statusCode(), "last part larger than BlkSize");
  }

  @Test
  void listPartsListUploadsAndPartCopy() throws Exception {
    fake.blockSize(4);
    fake.putObject("source", "0123456789".getBytes(StandardCharsets.UTF_8), "text/plain");
    String id = initiate("dest");
    String e0 = part("dest", id, 0, "abcd");
    var copied = send(req("PUT", "dest", "uploadId=" + id + "&partNumber=1")
        .header("X-Ufile-Copy-Source", "/" + BUCKET + "/source").header("X-Ufile-Copy-Source-Range", "bytes=4-7"));
    assertEquals(200, copied.statusCode());
    String e1 = copied.headers().firstValue("ETag").orElseThrow().replace("\"", "");
    assertEquals(UFileEtag.ofPart("4567".getBytes(StandardCharsets.UTF_8)), e1);

    JsonObject parts = json(send(req("GET", "", "muploadpart&uploadId=" + id)));
    assertEquals(List.of(0, 1), parts.getJsonArray("Parts").getValuesAs(JsonObject.class).stream()
        .map(p -> p.getInt("PartNum")).toList());
    assertEquals(e0, parts.getJsonArray("Parts").getJsonObject(0).getString("Etag"));
    JsonObject uploads = json(send(req("GET", "", "muploadid&prefix=de")));
    assertEquals(id, uploads.getJsonArray("DataSet").getJsonObject(0).getString("UploadId"));
    assertEquals("dest", uploads.getJsonArray("DataSet").getJsonObject(0).getString("FileName"));

    assertEquals(200, finish("dest", id, "", e0 + "," + e1).statusCode());
    assertEquals("abcd4567", new String(fake.readObject("dest"), StandardCharsets.UTF_8));
  }

  @Test
  void listObjectsPagesWithDelimiter() throws Exception {
    for (String k : List.of("p/", "p/a", "p/b/1", "p/b/2", "p/c", "p/d/1", "p/e", "q")) {
      fake.putObject(k, k.getBytes(StandardCharsets.UTF_8), "text/plain");
    }
    List<String> entries = new ArrayList<>();
    String marker = "";
    int pages = 0;
    boolean truncated;
    do {
      JsonObject page = json(send(req("GET", "", "listobjects&prefix=p%2F&delimiter=%2F&max-keys=2&marker="
          + java.net.URLEncoder.encode(marker, StandardCharsets.UTF_8))));
      pages++;
      assertEquals("2", page.getString("MaxKeys"));
      page.getJsonArray("Contents").getValuesAs(JsonObject.class).forEach(c -> {
        entries.add(c.getString("Key"));
        assertEquals(Integer.toString(c.getString("Key").length()), c.getString("Size"));
        assertNotNull(c.getString("Etag"));
      });
      page.getJsonArray("CommonPrefixes").getValuesAs(JsonObject.class)
          .forEach(p -> entries.add(p.getString("Prefix")));
      truncated = page.getBoolean("IsTruncated");
      marker = page.getString("NextMarker");
      assertEquals(truncated, !marker.isEmpty());
    } while (truncated);
    // "p/" itself is left out: the documented quirk for a '/'-terminated prefix with delimiter.
    assertEquals(List.of("p/a", "p/b/", "p/c", "p/d/", "p/e"), entries);
    assertEquals(3, pages);

    JsonObject flat = json(send(req("GET", "", "listobjects&prefix=p%2F&max-keys=100")));
    assertEquals(7, flat.getJsonArray("Contents").size());
    assertFalse(flat.getBoolean("IsTruncated"));
    assertEquals(400, send(req("GET", "", "listobjects&delimiter=x")).statusCode());
    assertEquals(400, send(req("GET", "", "listobjects&max-keys=1001")).statusCode());
  }

  @Test
  void limitsOnSizeAndKeys() throws Exception {
    fake.maxPutSize(10);
    assertEquals(400, send(req("PUT", "big", "").body(new byte[11])).statusCode());
    assertEquals(200, send(req("PUT", "ok", "").body(new byte[10])).statusCode());
    String longest = "k".repeat(1023);
    assertEquals(200, send(req("PUT", longest, "").body(new byte[1])).statusCode());
    assertEquals(400, send(req("PUT", longest + "k", "").body(new byte[1])).statusCode());
    // Java-style encoding: a raw "//leading" is read by the JDK server as an authority, not a path.
    assertEquals(400, send(req("PUT", "/leading", "").rawPath("%2Fleading").body(new byte[1])).statusCode());
    assertEquals(List.of(longest, "ok"), fake.objectKeys());
  }

  @Test
  void bucketComesFromTheHostUnlessItIsAnAddress() throws Exception {
    fake.putObject("k", new byte[] {1}, "text/plain");
    String auth = Signatures.authorization(PUB, PRIV, "HEAD", null, null, null, BUCKET, "k");
    assertTrue(rawStatusLine("HEAD /k HTTP/1.1\r\nHost: test-bucket.cn-bj.ufileos.com\r\nAuthorization: " + auth
        + "\r\nConnection: close\r\n\r\n").contains(" 200 "));
    assertTrue(rawStatusLine("HEAD /k HTTP/1.1\r\nHost: other-bucket.cn-bj.ufileos.com\r\nAuthorization: " + auth
        + "\r\nConnection: close\r\n\r\n").contains(" 404 "));
  }

  @Test
  void objectBytesLiveOnDiskAndLeaveWithTheObject() throws Exception {
    send(req("PUT", "disk", "").body(new byte[1000]));
    assertEquals(1000, segmentBytes());
    send(req("PUT", "disk2", "").header("X-Ufile-Copy-Source", "/" + BUCKET + "/disk"));
    assertEquals(1000, segmentBytes(), "a copy shares the bytes");
    assertEquals(204, send(req("DELETE", "disk", "")).statusCode());
    assertEquals(1000, segmentBytes());
    assertEquals(204, send(req("DELETE", "disk2", "")).statusCode());
    assertEquals(0, segmentBytes());
    assertEquals(404, send(req("DELETE", "disk2", "")).statusCode());
  }

  @Test
  void aDownloadInFlightKeepsItsBytesWhenTheObjectIsReplacedAndDeleted() throws Exception {
    byte[] old = FakeUFileSdkTest.randomBytes(40_000, 3);
    fake.putObject("moving", old, "application/octet-stream");
    fake.faults(Faults.none().slowBodyBytesPerSec(100_000).only(Operation.GET_FILE));
    var download = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return send(req("GET", "moving", "")).body();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    while (fake.requests(Operation.GET_FILE).isEmpty() || fake.requests(Operation.GET_FILE).get(0).bytesOut() == 0) {
      Thread.sleep(5);
    }
    assertEquals(200, send(req("PUT", "moving", "").body(new byte[] {1, 2})).statusCode());
    assertEquals(204, send(req("DELETE", "moving", "")).statusCode());
    assertArrayEquals(old, download.get());
    // The server lets go of the bytes just after the client has the last of them.
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (segmentBytes() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(0, segmentBytes(), "the old bytes go once the download is done");
  }

  @Test
  void faultRatesAreRoughlyHonouredAndRepeatableWithASeed() throws Exception {
    fake.putObject("f", new byte[] {1}, "text/plain");
    List<Integer> first = statuses(120, Faults.none().error503Rate(0.2).resetRate(0.1).seed(42));
    long unavailable = first.stream().filter(s -> s == 503).count();
    long resets = first.stream().filter(s -> s == -1).count();
    assertTrue(unavailable >= 12 && unavailable <= 40, "503s: " + unavailable);
    assertTrue(resets >= 3 && resets <= 22, "resets: " + resets);
    assertEquals(first, statuses(120, Faults.none().error503Rate(0.2).resetRate(0.1).seed(42)));
    assertEquals(240, fake.count(Operation.PUT_FILE));
    assertEquals(unavailable * 2, fake.requests(Operation.PUT_FILE).stream().filter(r -> r.status() == 503).count());

    fake.faults(Faults.none().error503Rate(1).only(Operation.HEAD_FILE));
    assertEquals(200, send(req("PUT", "f", "").body(new byte[1])).statusCode(), "faults limited to HeadFile");
    var refused = send(req("HEAD", "f", ""));
    assertEquals(503, refused.statusCode());
    assertEquals(0, refused.body().length, "HEAD errors carry no body");
    fake.faults(Faults.none().error503Rate(1));
    assertTrue(json(send(req("GET", "f", ""))).containsKey("RetCode"));
  }

  @Test
  void latencySlowBodiesAndMidBodyResets() throws Exception {
    byte[] data = new byte[20_000];
    fake.putObject("slow", data, "application/octet-stream");
    fake.faults(Faults.none().latencyMs(150));
    long t0 = System.nanoTime();
    assertEquals(200, send(req("HEAD", "slow", "")).statusCode());
    assertTrue(System.nanoTime() - t0 >= 150_000_000L);

    fake.faults(Faults.none().slowBodyBytesPerSec(100_000));
    t0 = System.nanoTime();
    assertArrayEquals(data, send(req("GET", "slow", "")).body());
    assertTrue(System.nanoTime() - t0 >= 150_000_000L, "20 kB at 100 kB/s takes about 200 ms");

    fake.clearFaults().failNext(Operation.GET_FILE, FaultKind.RESET);
    fake.resetStats();
    assertThrows(IOException.class, () -> send(req("GET", "slow", "")));
    RecordedRequest dropped = fake.requests(Operation.GET_FILE).get(0);
    assertEquals(0, dropped.status());
    assertEquals(10_000, dropped.bytesOut(), "half the body went out before the reset");
    assertEquals(FaultKind.RESET, dropped.fault());
  }

  @Test
  void resetAfterCommitLeavesTheEffectInPlace() throws Exception {
    fake.failNext(Operation.PUT_FILE, FaultKind.RESET_AFTER_COMMIT);
    assertThrows(IOException.class, () -> send(req("PUT", "ambiguous", "").body(new byte[] {5})));
    assertTrue(fake.exists("ambiguous"));
    fake.failNext(Operation.PUT_FILE, FaultKind.RESET);
    assertThrows(IOException.class, () -> send(req("PUT", "never", "").body(new byte[] {5})));
    assertFalse(fake.exists("never"));
  }

  @Test
  void adminEndpointSetsFaultsAndReportsStats() throws Exception {
    fake.putObject("a", new byte[] {1, 2, 3}, "text/plain");
    var set = HTTP.send(HttpRequest.newBuilder(URI.create(fake.baseUrl()
            + "/__fake/faults?error503Rate=1&ops=HeadFile&seed=3&failNext=GetFile:INTERNAL_ERROR"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, set.statusCode());
    assertEquals(1.0, Json.createReader(new java.io.StringReader(set.body())).readObject()
        .getJsonNumber("error503Rate").doubleValue());
    assertEquals(503, send(req("HEAD", "a", "")).statusCode());
    assertEquals(500, send(req("GET", "a", "")).statusCode());
    assertEquals(200, send(req("GET", "a", "")).statusCode());

    JsonObject stats = Json.createReader(new java.io.StringReader(HTTP.send(HttpRequest.newBuilder(
        URI.create(fake.baseUrl() + "/__fake/stats")).build(), HttpResponse.BodyHandlers.ofString()).body())).readObject();
    assertEquals(2, stats.getJsonObject("requests").getInt("GetFile"));
    assertEquals(1, stats.getJsonObject("requests").getInt("HeadFile"));
    assertEquals(3, stats.getJsonNumber("bytesServed").longValue());

    HTTP.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/__fake/reset"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, send(req("HEAD", "a", "")).statusCode());
    assertEquals(Map.of("HeadFile", 1L), fake.counts());
  }

  // ---------------------------------------------------------------- helpers

  /** A request to build and sign: Go style unless MD5 or Content-Type are given. */
  private static final class Req {
    final String method;
    final String key;
    final String query;
    final String md5;
    final String contentType;
    final Map<String, String> headers = new LinkedHashMap<>();
    byte[] body;
    String rawPath;

    Req(String method, String key, String query, String md5, String contentType) {
      this.method = method;
      this.key = key;
      this.query = query;
      this.md5 = md5;
      this.contentType = contentType;
    }

    Req header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    Req rawPath(String path) {
      this.rawPath = path;
      return this;
    }

    Req body(byte[] b) {
      this.body = b;
      return this;
    }
  }

  private static Req req(String method, String key, String query) {
    return new Req(method, key, query, null, null);
  }

  private static Req req(String method, String key, String query, String md5, String contentType) {
    return new Req(method, key, query, md5, contentType);
  }

  private static HttpResponse<byte[]> send(Req r) throws IOException, InterruptedException {
    String uri = fake.baseUrl() + "/" + (r.rawPath != null ? r.rawPath : Signatures.encodePath(r.key)) + (r.query.isEmpty() ? "" : "?" + r.query);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri));
    HttpRequest.BodyPublisher body = r.body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(r.body);
    b.method(r.method, body);
    if (r.md5 != null) {
      b.header("Content-MD5", r.md5);
    }
    if (r.contentType != null) {
      b.header("Content-Type", r.contentType);
    }
    b.header("Authorization", Signatures.authorization(PUB, PRIV, r.method, r.md5, r.contentType, null, BUCKET, r.key));
    r.headers.forEach(b::setHeader);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<byte[]> get(String pathAndQuery) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static JsonObject json(HttpResponse<byte[]> response) {
    return Json.createReader(new ByteArrayInputStream(response.body())).readObject();
  }

  private static String initiate(String key) throws Exception {
    var r = send(req("POST", key, "uploads"));
    assertEquals(200, r.statusCode());
    return json(r).getString("UploadId");
  }

  private static String part(String key, String uploadId, int n, String content) throws Exception {
    var r = send(req("PUT", key, "uploadId=" + uploadId + "&partNumber=" + n)
        .body(content.getBytes(StandardCharsets.UTF_8)));
    assertEquals(200, r.statusCode());
    assertEquals(n, json(r).getInt("PartNumber"));
    return r.headers().firstValue("ETag").orElseThrow().replace("\"", "");
  }

  private static HttpResponse<byte[]> finish(String key, String uploadId, String newKey, String etags)
      throws Exception {
    return send(req("POST", key, "uploadId=" + uploadId + "&newKey=" + newKey, null, "text/plain")
        .body(etags.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Status per PutFile, -1 where the connection was dropped. PUT because the JDK client silently
   * retries a HEAD or GET once after a dropped connection, which would hide the resets.
   */
  private static List<Integer> statuses(int n, Faults faults) throws Exception {
    fake.faults(faults);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      try {
        out.add(send(req("PUT", "f", "").body(new byte[] {1})).statusCode());
      } catch (IOException e) {
        out.add(-1);
      }
    }
    fake.clearFaults();
    return out;
  }

  private static long segmentBytes() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("segments"))) {
      return files.collect(Collectors.summingLong(p -> p.toFile().length()));
    }
  }

  private static String rawStatusLine(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", fake.port())) {
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c; (c = in.read()) != -1 && c != '\n'; ) {
        line.append((char) c);
      }
      return line.toString();
    }
  }
}
