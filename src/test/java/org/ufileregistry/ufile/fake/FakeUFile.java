package org.ufileregistry.ufile.fake;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ufileregistry.ufile.fake.Store.Part;
import org.ufileregistry.ufile.fake.Store.Segment;
import org.ufileregistry.ufile.fake.Store.StoredObject;
import org.ufileregistry.ufile.fake.Store.Upload;
import org.ufileregistry.ufile.fake.UFileEtag.Hasher;

/**
 * A stand-in for one UCloud UFile bucket on 127.0.0.1, speaking the HTTP API as described in
 * ufile-protocol.md and as the official SDK uses it, including signature checks. Object bytes are
 * kept on disk under the data directory (tests push multi-GiB objects), metadata in memory; nothing
 * survives {@link #close()}. Faults can be injected from Java or through {@code /__fake/*}.
 */
public final class FakeUFile implements AutoCloseable {
  public static final int DEFAULT_BLOCK_SIZE = 4 * 1024 * 1024;
  /** UFile refuses single PUTs over 1 GB; tests lower this instead of sending a gigabyte. */
  public static final long DEFAULT_MAX_PUT_SIZE = 1024L * 1024 * 1024;

  private static final String JSON = "application/json";
  private static final String OCTET_STREAM = "application/octet-stream";
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
  private static final int MAX_USER_META_BYTES = 8 * 1024;
  private static final int MAX_LOG = 100_000;

  static {
    // The JDK server sends headers and body in separate writes; with Nagle's algorithm on, each
    // response with a body can stall ~40 ms on the client's delayed ACK. The JDK reads this once
    // per JVM, so it must be set before the first HttpServer exists.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Store store;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final String bucket;
  private final String publicKey;
  private final String privateKey;
  private final Object renameLock = new Object();

  private volatile int blockSize;
  private volatile long maxPutSize;
  private volatile Clock clock = Clock.systemUTC();

  private volatile Faults faults = Faults.none();
  private final Object faultLock = new Object();
  private Random random = new Random(0);
  private final Map<Operation, Deque<FaultKind>> scripted = new EnumMap<>(Operation.class);

  private final Map<Operation, AtomicLong> counts = new EnumMap<>(Operation.class);
  private final AtomicLong bytesServed = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();
  /**
   * Calls are logged on arrival and updated as they progress, so a client that has just received
   * its last byte already finds the complete entry.
   */
  private final Deque<Call> log = new ArrayDeque<>();

  /** Starts on an ephemeral port with the default block size and PUT limit. */
  public static FakeUFile start(Path dataDir, String bucket, String publicKey, String privateKey) {
    return builder().dataDir(dataDir).bucket(bucket).keys(publicKey, privateKey).start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings for {@link #start()}; every one has a default. */
  public static final class Builder {
    private int port;
    private String bucket = "test-bucket";
    private String publicKey = "fake-public-key";
    private String privateKey = "fake-private-key";
    private Path dataDir;
    private int blockSize = DEFAULT_BLOCK_SIZE;
    private long maxPutSize = DEFAULT_MAX_PUT_SIZE;
    private int threads = 32;

    /** 0 (the default) picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    public Builder keys(String publicKey, String privateKey) {
      this.publicKey = publicKey;
      this.privateKey = privateKey;
      return this;
    }

    /** Where object bytes go; by default a temporary directory removed on close. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    public Builder blockSize(int blockSize) {
      this.blockSize = blockSize;
      return this;
    }

    public Builder maxPutSize(long maxPutSize) {
      this.maxPutSize = maxPutSize;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public FakeUFile start() {
      try {
        return new FakeUFile(this);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private FakeUFile(Builder b) throws IOException {
    if (b.blockSize < 1 || b.maxPutSize < 0 || b.threads < 1) {
      throw new IllegalArgumentException("block size and threads must be positive");
    }
    this.bucket = b.bucket;
    this.publicKey = b.publicKey;
    this.privateKey = b.privateKey;
    this.blockSize = b.blockSize;
    this.maxPutSize = b.maxPutSize;
    this.ownsDataDir = b.dataDir == null;
    this.dataDir = ownsDataDir ? Files.createTempDirectory("fake-ufile") : Files.createDirectories(b.dataDir);
    this.store = new Store(dataDir);
    for (Operation op : Operation.values()) {
      counts.put(op, new AtomicLong());
    }
    AtomicInteger threadNo = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(b.threads, r -> {
      Thread t = new Thread(r, "fake-ufile-" + threadNo.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), b.port), 128);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  // ---------------------------------------------------------------- Java API

  /** {@code http://127.0.0.1:<port>}: the SDK's {@code ObjectConfig(customHost)}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String bucket() {
    return bucket;
  }

  public String publicKey() {
    return publicKey;
  }

  public String privateKey() {
    return privateKey;
  }

  public Path dataDir() {
    return dataDir;
  }

  public int blockSize() {
    return blockSize;
  }

  /** BlkSize for uploads initiated from now on. */
  public FakeUFile blockSize(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("block size must be positive");
    }
    this.blockSize = bytes;
    return this;
  }

  public long maxPutSize() {
    return maxPutSize;
  }

  /** Largest body accepted by PutFile (and by one UploadPart). */
  public FakeUFile maxPutSize(long bytes) {
    this.maxPutSize = bytes;
    return this;
  }

  /** The clock used for signed-URL expiry and object times. */
  public FakeUFile clock(Clock newClock) {
    this.clock = newClock;
    return this;
  }

  /** Moves the fake's clock, e.g. past the expiry of a signed URL. */
  public FakeUFile advanceClock(Duration by) {
    this.clock = Clock.offset(clock, by);
    return this;
  }

  public Faults faults() {
    return faults;
  }

  /** Replaces the random faults and reseeds the generator with {@link Faults#seed()}. */
  public FakeUFile faults(Faults newFaults) {
    synchronized (faultLock) {
      this.faults = newFaults;
      this.random = new Random(newFaults.seed());
    }
    return this;
  }

  /** Makes the next request of this operation fail as given; scripted faults beat random ones. */
  public FakeUFile failNext(Operation op, FaultKind kind) {
    return failNext(op, kind, 1);
  }

  public FakeUFile failNext(Operation op, FaultKind kind, int times) {
    synchronized (faultLock) {
      Deque<FaultKind> queue = scripted.computeIfAbsent(op, o -> new ArrayDeque<>());
      for (int i = 0; i < times; i++) {
        queue.add(kind);
      }
    }
    return this;
  }

  /** Removes random and scripted faults. */
  public FakeUFile clearFaults() {
    synchronized (faultLock) {
      scripted.clear();
    }
    return faults(Faults.none());
  }

  /** The most recent requests (up to 100,000), oldest first. */
  public List<RecordedRequest> requests() {
    List<Call> calls;
    synchronized (log) {
      calls = List.copyOf(log);
    }
    return calls.stream().map(Call::snapshot).toList();
  }

  public List<RecordedRequest> requests(Operation op) {
    return requests().stream().filter(r -> r.operation() == op).toList();
  }

  /** Requests of this operation received so far, faulted or not. */
  public long count(Operation op) {
    return counts.get(op).get();
  }

  /** Per-operation counts, keyed by API name; only operations seen at least once. */
  public Map<String, Long> counts() {
    Map<String, Long> m = new TreeMap<>();
    counts.forEach((op, n) -> {
      if (n.get() > 0) {
        m.put(op.apiName(), n.get());
      }
    });
    return m;
  }

  /** Object bytes sent in GetFile bodies. */
  public long bytesServed() {
    return bytesServed.get();
  }

  /** Body bytes stored through PutFile and UploadPart. */
  public long bytesReceived() {
    return bytesReceived.get();
  }

  /** Clears counters and the request log; faults and data stay. */
  public FakeUFile resetStats() {
    counts.values().forEach(c -> c.set(0));
    bytesServed.set(0);
    bytesReceived.set(0);
    synchronized (log) {
      log.clear();
    }
    return this;
  }

  /** Clears faults, counters and the request log; data stays. */
  public FakeUFile reset() {
    clearFaults();
    return resetStats();
  }

  /** Deletes every object and in-progress upload. */
  public FakeUFile clear() {
    store.clear();
    return this;
  }

  public List<String> objectKeys() {
    return List.copyOf(store.objects.keySet());
  }

  public Optional<ObjectInfo> object(String key) {
    return Optional.ofNullable(store.objects.get(key)).map(StoredObject::info);
  }

  public boolean exists(String key) {
    return store.objects.containsKey(key);
  }

  /** The whole object in memory; for small objects only. */
  public byte[] readObject(String key) {
    try (InputStream in = openObject(key)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Streams the object's bytes as stored now, whatever happens to the key meanwhile. */
  public InputStream openObject(String key) {
    StoredObject obj = store.acquire(key);
    if (obj == null) {
      throw new NoSuchElementException("no object " + key);
    }
    InputStream in = obj.open(0, obj.size);
    return new java.io.FilterInputStream(in) {
      private boolean released;

      @Override
      public void close() throws IOException {
        super.close();
        if (!released) {
          released = true;
          obj.release();
        }
      }
    };
  }

  /** Stores an object directly, bypassing HTTP, e.g. to seed a test. */
  public ObjectInfo putObject(String key, byte[] data, String mimeType) {
    try {
      Hasher h = new Hasher(false, false);
      h.update(data, 0, data.length);
      Path p = store.newSegmentPath();
      Files.write(p, data, StandardOpenOption.CREATE_NEW);
      Instant now = clock.instant();
      StoredObject obj = new StoredObject(key, List.of(new Segment(p, data.length)), h.etag(), mimeType,
          "STANDARD", Map.of(), now, now);
      store.put(obj);
      return obj.info();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An in-progress multipart upload. */
  public record UploadInfo(String uploadId, String key, int parts, Instant started) {}

  public List<UploadInfo> uploads() {
    return store.uploads.values().stream()
        .map(u -> new UploadInfo(u.id, u.key, u.parts.size(), u.started))
        .sorted(Comparator.comparing(UploadInfo::key, Store.KEY_ORDER).thenComparing(UploadInfo::uploadId))
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    store.clear();
    try (Stream<Path> files = Files.walk(ownsDataDir ? dataDir : store.segmentDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "FakeUFile[" + baseUrl() + " bucket=" + bucket + "]";
  }

  // ---------------------------------------------------------------- request handling

  /** Ends the exchange by dropping the connection; the JDK server closes it on an IOException. */
  private static final class Abort extends IOException {
    Abort(String why) {
      super(why, null);
    }
  }

  /** One UFile request being served. */
  private final class Call {
    final HttpExchange ex;
    final String method;
    final String key;
    final String rawQuery;
    final Map<String, String> params;
    final Headers in;
    final Instant received = Instant.now();
    Operation op = Operation.UNKNOWN;
    volatile FaultKind fault;
    /** Set just before the response headers go out; 0 while in flight or when dropped. */
    volatile int status;
    volatile long bytesIn;
    volatile long bytesOut;

    Call(HttpExchange ex) {
      this.ex = ex;
      this.method = ex.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
      String path = percentDecode(ex.getRequestURI().getRawPath(), false);
      this.key = path.startsWith("/") ? path.substring(1) : path;
      String q = ex.getRequestURI().getRawQuery();
      this.rawQuery = q == null ? "" : q;
      this.params = parseQuery(rawQuery);
      this.in = ex.getRequestHeaders();
    }

    String header(String name) {
      return in.getFirst(name);
    }

    boolean has(String param) {
      return params.containsKey(param);
    }

    String param(String name, String dflt) {
      String v = params.get(name);
      return v == null ? dflt : v;
    }

    boolean isHead() {
      return method.equals("HEAD");
    }

    RecordedRequest snapshot() {
      return new RecordedRequest(received, method, op, key, rawQuery, Map.copyOf(params), status, bytesIn, bytesOut,
          fault);
    }
  }

  /** What to send back; the object body, if any, is streamed from retained segments. */
  private static final class Reply {
    final int status;
    final List<String[]> headers = new ArrayList<>();
    byte[] body;
    StoredObject object;
    long start;
    long length;
    long headContentLength = -1;

    Reply(int status) {
      this.status = status;
    }

    static Reply json(int status, String json) {
      Reply r = new Reply(status).header("Content-Type", JSON);
      r.body = json.getBytes(StandardCharsets.UTF_8);
      return r;
    }

    Reply header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    if (ex.getRequestURI().getRawPath().startsWith("/__fake/")) {
      admin(ex);
      return;
    }
    Call call;
    try {
      call = new Call(ex);
    } catch (IllegalArgumentException e) {
      sendRaw(ex, 400, UFileException.badRequest("malformed request: " + e.getMessage()).json());
      return;
    }
    serve(call);
  }

  private void serve(Call call) throws IOException {
    call.op = route(call);
    counts.get(call.op).incrementAndGet();
    record(call);
    Reply reply = null;
    try {
      Faults f = faults;
      if (f.latencyMs() > 0) {
        sleep(f.latencyMs());
      }
      call.fault = pickFault(call.op, f);
      if (call.fault == FaultKind.UNAVAILABLE || call.fault == FaultKind.INTERNAL_ERROR) {
        // Read the body first so the client sees the status rather than a broken pipe.
        drain(call);
        boolean unavailable = call.fault == FaultKind.UNAVAILABLE;
        reply = errorReply(call, new UFileException(unavailable ? 503 : 500,
            unavailable ? UFileException.SERVICE_UNAVAILABLE : UFileException.INTERNAL,
            unavailable ? "service unavailable (injected)" : "internal error (injected)"));
      } else if (call.fault == FaultKind.RESET && call.op != Operation.GET_FILE) {
        throw new Abort("injected reset");
      } else {
        try {
          reply = dispatch(call);
        } catch (UFileException e) {
          reply = errorReply(call, e);
        } catch (RuntimeException e) {
          e.printStackTrace();
          reply = errorReply(call, new UFileException(500, UFileException.INTERNAL, "fake bug: " + e));
        }
      }
      if (call.fault == FaultKind.RESET_AFTER_COMMIT) {
        throw new Abort("injected reset after commit");
      }
      call.status = reply.status;
      send(call, reply, call.fault == FaultKind.RESET);
      call.ex.close();
    } catch (IOException e) {
      call.status = 0;
      throw e instanceof Abort ? e : new Abort("connection failed: " + e.getMessage());
    } finally {
      if (reply != null && reply.object != null) {
        reply.object.release();
      }
    }
  }

  private Operation route(Call c) {
    boolean bucketLevel = c.key.isEmpty();
    switch (c.method) {
      case "GET":
        if (bucketLevel) {
          if (c.has("listobjects")) {
            return Operation.LIST_OBJECTS;
          } else if (c.has("list")) {
            return Operation.PREFIX_FILE_LIST;
          } else if (c.has("muploadpart")) {
            return Operation.LIST_PARTS;
          } else if (c.has("muploadid")) {
            return Operation.LIST_UPLOADS;
          }
          return Operation.UNKNOWN;
        }
        return Operation.GET_FILE;
      case "HEAD":
        return bucketLevel ? Operation.UNKNOWN : Operation.HEAD_FILE;
      case "PUT":
        if (c.has("uploadId") && c.has("partNumber")) {
          return c.header("X-Ufile-Copy-Source") != null ? Operation.UPLOAD_PART_COPY : Operation.UPLOAD_PART;
        } else if (c.has("newFileName")) {
          return Operation.RENAME_FILE;
        } else if (c.header("X-Ufile-Copy-Source") != null) {
          return Operation.COPY_FILE;
        }
        return Operation.PUT_FILE;
      case "POST":
        if (c.has("uploads")) {
          return Operation.INITIATE_MULTIPART_UPLOAD;
        } else if (c.has("uploadId")) {
          return Operation.FINISH_MULTIPART_UPLOAD;
        }
        return Operation.UNKNOWN;
      case "DELETE":
        return c.has("uploadId") ? Operation.ABORT_MULTIPART_UPLOAD : Operation.DELETE_FILE;
      default:
        return Operation.UNKNOWN;
    }
  }

  private Reply dispatch(Call c) throws UFileException, IOException {
    String hostBucket = bucketFromHost(c.header("Host"));
    if (!hostBucket.equals(bucket)) {
      throw new UFileException(404, UFileException.BUCKET_NOT_EXIST, "bucket not exist");
    }
    authenticate(c);
    return switch (c.op) {
      case PUT_FILE -> putFile(c);
      case GET_FILE -> getFile(c);
      case HEAD_FILE -> headFile(c);
      case DELETE_FILE -> deleteFile(c);
      case COPY_FILE -> copyFile(c);
      case RENAME_FILE -> renameFile(c);
      case PREFIX_FILE_LIST -> prefixFileList(c);
      case LIST_OBJECTS -> listObjects(c);
      case INITIATE_MULTIPART_UPLOAD -> initiate(c);
      case UPLOAD_PART -> uploadPart(c);
      case UPLOAD_PART_COPY -> uploadPartCopy(c);
      case FINISH_MULTIPART_UPLOAD -> finish(c);
      case ABORT_MULTIPART_UPLOAD -> abort(c);
      case LIST_PARTS -> listParts(c);
      case LIST_UPLOADS -> listUploads(c);
      case UNKNOWN -> throw UFileException.badRequest("unsupported request " + c.method + " /" + c.key);
    };
  }

  // ---------------------------------------------------------------- authentication

  private void authenticate(Call c) throws UFileException {
    String authorization = c.header("Authorization");
    String pub;
    String sig;
    String policy = "";
    String dateSlot;
    boolean url;
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "UCloud ", 0, 7)) {
        throw UFileException.invalidSignature();
      }
      String[] parts = authorization.substring(7).trim().split(":", 3);
      if (parts.length < 2) {
        throw UFileException.invalidSignature();
      }
      pub = parts[0];
      sig = parts[1];
      policy = parts.length == 3 ? parts[2] : "";
      dateSlot = c.header("Date");
      url = false;
    } else if (c.has("UCloudPublicKey") && c.has("Signature") && c.has("Expires")) {
      pub = c.params.get("UCloudPublicKey");
      // Base64 never contains spaces: a '+' sent unencoded was form-decoded into one.
      sig = c.params.get("Signature").replace(' ', '+');
      dateSlot = c.params.get("Expires");
      long expires;
      try {
        expires = Long.parseLong(dateSlot);
      } catch (NumberFormatException e) {
        throw UFileException.invalidSignature();
      }
      if (expires < clock.instant().getEpochSecond()) {
        throw UFileException.invalidSignature();
      }
      url = true;
    } else {
      throw new UFileException(403, UFileException.INVALID_SIGNATURE, "invalid signature: no authorization");
    }
    if (!pub.equals(publicKey)) {
      throw UFileException.invalidSignature();
    }
    String md5 = c.header("Content-MD5");
    String type = c.header("Content-Type");
    List<String> candidates = new ArrayList<>();
    candidates.add(Signatures.stringToSign(c.method, md5, type, dateSlot, "", bucket, c.key) + policy);
    String ucloudHeaders = canonicalUCloudHeaders(c.in);
    if (!ucloudHeaders.isEmpty()) {
      candidates.add(Signatures.stringToSign(c.method, md5, type, dateSlot, ucloudHeaders, bucket, c.key) + policy);
    }
    String copySource = c.header("X-Ufile-Copy-Source");
    if (copySource != null) {
      // Java SDK 2.7.5 UploadPartCopy signs its copy headers (protocol §2 variants).
      String range = c.header("X-Ufile-Copy-Source-Range");
      String copyHeaders = "x-ufile-copy-source:" + copySource + "\n"
          + (range == null ? "" : "x-ufile-copy-source-range:" + range + "\n");
      candidates.add(Signatures.stringToSign(c.method, md5, type, dateSlot, copyHeaders, bucket, c.key) + policy);
    }
    if (url) {
      // Download links sign empty MD5 and type whatever headers the downloader adds.
      candidates.add(Signatures.stringToSign(c.method, "", "", dateSlot, "", bucket, c.key));
    }
    byte[] given = sig.getBytes(StandardCharsets.UTF_8);
    boolean ok = false;
    for (String candidate : candidates) {
      byte[] expected = Signatures.sign(privateKey, candidate).getBytes(StandardCharsets.UTF_8);
      ok |= MessageDigest.isEqual(expected, given);
    }
    if (!ok) {
      throw UFileException.invalidSignature();
    }
  }

  /** The documented X-UCloud-* block: lower-case names, sorted, values merged and unfolded. */
  static String canonicalUCloudHeaders(Headers headers) {
    TreeMap<String, String> sorted = new TreeMap<>();
    headers.forEach((name, values) -> {
      String lower = name.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("x-ucloud-")) {
        String merged = values.stream().map(v -> v.trim().replaceAll("\\s+", " ")).collect(Collectors.joining(","));
        sorted.merge(lower, merged, (a, b) -> a + "," + b);
      }
    });
    StringBuilder b = new StringBuilder();
    sorted.forEach((name, value) -> b.append(name).append(':').append(value).append('\n'));
    return b.toString();
  }

  private String bucketFromHost(String host) {
    if (host == null || host.isEmpty()) {
      return bucket;
    }
    String name = host.startsWith("[") ? host : host.replaceFirst(":\\d+$", "");
    if (name.startsWith("[") || name.equals("localhost") || !name.contains(".")
        || name.matches("[0-9.]+")) {
      return bucket;
    }
    return name.substring(0, name.indexOf('.'));
  }

  // ---------------------------------------------------------------- objects

  private Reply putFile(Call c) throws UFileException, IOException {
    requireValidKey(c.key);
    long length = contentLength(c);
    if (length > maxPutSize) {
      // [?] the real status is undocumented; any non-2xx tells a client to use multipart.
      throw UFileException.badRequest("file size " + length + " exceeds the PUT limit " + maxPutSize
          + ", use multipart upload");
    }
    String storageClass = storageClass(c, "STANDARD");
    Map<String, String> meta = userMeta(c);
    String md5 = nonEmpty(c.header("Content-MD5"));
    Hasher h = new Hasher(false, md5 != null);
    Segment seg = receive(c, length, h);
    try {
      checkMd5(md5, h.md5());
    } catch (UFileException e) {
      seg.release();
      throw e;
    }
    Instant now = clock.instant();
    String etag = h.etag();
    store.put(new StoredObject(c.key, List.of(seg), etag, mimeType(c), storageClass, meta, now, now));
    return new Reply(200).header("ETag", quote(etag));
  }

  private Reply getFile(Call c) throws UFileException {
    requireValidKey(c.key);
    StoredObject obj = store.acquire(c.key);
    if (obj == null) {
      throw UFileException.notFound();
    }
    try {
      String since = c.header("If-Modified-Since");
      if (since != null && notModifiedSince(obj, since)) {
        obj.release();
        return objectHeaders(new Reply(304), obj);
      }
      long start = 0;
      long length = obj.size;
      int status = 200;
      long[] range = parseRange(c.header("Range"), obj.size);
      if (range != null) {
        start = range[0];
        length = range[1] - range[0] + 1;
        status = 206;
      }
      Reply r = objectHeaders(new Reply(status), obj);
      if (status == 206) {
        r.header("Content-Range", "bytes " + start + "-" + (start + length - 1) + "/" + obj.size);
      }
      String attachment = c.params.get("ufileattname");
      if (attachment != null) {
        r.header("Content-Disposition", "attachment; filename=\"" + attachment.replace("\"", "") + "\"");
      }
      r.object = obj;
      r.start = start;
      r.length = length;
      return r;
    } catch (UFileException | RuntimeException e) {
      obj.release();
      throw e;
    }
  }

  private Reply headFile(Call c) throws UFileException {
    requireValidKey(c.key);
    StoredObject obj = store.acquire(c.key);
    if (obj == null) {
      throw UFileException.notFound();
    }
    obj.release();
    Reply r = objectHeaders(new Reply(200), obj);
    r.headContentLength = obj.size;
    return r;
  }

  private Reply objectHeaders(Reply r, StoredObject obj) {
    r.header("Content-Type", obj.mimeType)
        .header("ETag", quote(obj.etag))
        .header("Last-Modified", HTTP_DATE.format(obj.modified.atOffset(ZoneOffset.UTC)))
        .header("Accept-Ranges", "bytes")
        .header("X-Ufile-Create-Time", Long.toString(obj.created.getEpochSecond()))
        .header("X-Ufile-Storage-Class", obj.storageClass);
    obj.userMeta.forEach((name, value) -> r.header("X-Ufile-Meta-" + name, value));
    return r;
  }

  private Reply deleteFile(Call c) throws UFileException {
    requireValidKey(c.key);
    if (!store.delete(c.key)) {
      throw UFileException.notFound();
    }
    return new Reply(204);
  }

  private Reply copyFile(Call c) throws UFileException {
    requireValidKey(c.key);
    String[] source = copySource(c);
    String directive = c.header("X-Ufile-Metadata-Directive");
    boolean replace = "REPLACE".equalsIgnoreCase(directive);
    if (directive != null && !replace && !"COPY".equalsIgnoreCase(directive)) {
      throw UFileException.badRequest("invalid X-Ufile-Metadata-Directive " + directive);
    }
    Map<String, String> newMeta = replace ? userMeta(c) : null;
    StoredObject src = store.acquire(source[1]);
    if (src == null) {
      throw UFileException.notFound();
    }
    try {
      StoredObject copy = src.sharedAs(c.key, src.mimeType, storageClass(c, src.storageClass),
          replace ? newMeta : src.userMeta, clock.instant());
      store.put(copy);
      return new Reply(200).header("ETag", quote(copy.etag));
    } finally {
      src.release();
    }
  }

  /** {bucket, key} of X-Ufile-Copy-Source, which Java sends percent-encoded and Go raw. */
  private String[] copySource(Call c) throws UFileException {
    String raw = c.header("X-Ufile-Copy-Source");
    String decoded;
    try {
      decoded = percentDecode(raw, false);
    } catch (IllegalArgumentException e) {
      throw UFileException.badRequest("invalid X-Ufile-Copy-Source");
    }
    int slash = decoded.indexOf('/', 1);
    if (!decoded.startsWith("/") || slash < 0) {
      throw UFileException.badRequest("X-Ufile-Copy-Source must be /<bucket>/<key>");
    }
    String srcBucket = decoded.substring(1, slash);
    if (!srcBucket.equals(bucket)) {
      throw new UFileException(404, UFileException.BUCKET_NOT_EXIST, "bucket not exist");
    }
    String srcKey = decoded.substring(slash + 1);
    requireValidKey(srcKey);
    return new String[] {srcBucket, srcKey};
  }

  private Reply renameFile(Call c) throws UFileException {
    requireValidKey(c.key);
    String newKey = c.params.get("newFileName");
    requireValidKey(newKey);
    boolean force = "true".equalsIgnoreCase(c.param("force", "false"));
    synchronized (renameLock) {
      StoredObject src = store.acquire(c.key);
      if (src == null) {
        throw UFileException.notFound();
      }
      try {
        if (newKey.equals(c.key)) {
          return new Reply(200);
        }
        if (!force && store.objects.containsKey(newKey)) {
          // [?] undocumented status for an occupied target without force.
          throw UFileException.badRequest("file " + newKey + " already exists");
        }
        store.put(src.sharedAs(newKey, src.mimeType, src.storageClass, src.userMeta, clock.instant()));
        store.delete(c.key);
      } finally {
        src.release();
      }
    }
    return new Reply(200);
  }

  // ---------------------------------------------------------------- listings

  private Reply prefixFileList(Call c) throws UFileException {
    String prefix = c.param("prefix", "");
    String marker = c.param("marker", "");
    int limit = intParam(c, "limit", 20, 1, 1000);
    List<StoredObject> page = new ArrayList<>();
    boolean more = false;
    for (StoredObject obj : from(prefix, marker).values()) {
      if (!obj.key.startsWith(prefix)) {
        break;
      }
      if (page.size() == limit) {
        more = true;
        break;
      }
      page.add(obj);
    }
    Json.Arr set = Json.arr();
    for (StoredObject o : page) {
      set.addRaw(Json.obj()
          .put("BucketName", bucket)
          .put("FileName", o.key)
          .put("Hash", o.etag)
          .put("MimeType", o.mimeType)
          .put("Size", o.size)
          .put("CreateTime", o.created.getEpochSecond())
          .put("ModifyTime", o.modified.getEpochSecond())
          .put("StorageClass", o.storageClass)
          .put("RestoreStatus", "")
          .toString());
    }
    return Reply.json(200, Json.obj()
        .put("BucketName", bucket)
        .put("BucketId", "ufile-fake-" + bucket)
        .put("NextMarker", more ? page.get(page.size() - 1).key : "")
        .putRaw("DataSet", set.toString())
        .toString());
  }

  private Reply listObjects(Call c) throws UFileException {
    String prefix = c.param("prefix", "");
    String marker = c.param("marker", "");
    String delimiter = c.param("delimiter", "");
    int maxKeys = intParam(c, "max-keys", 100, 0, 1000);
    if (!delimiter.isEmpty() && !delimiter.equals("/")) {
      throw UFileException.badRequest("delimiter must be empty or /");
    }
    boolean byDir = !delimiter.isEmpty();
    Json.Arr contents = Json.arr();
    Json.Arr commonPrefixes = Json.arr();
    String last = null;
    String lastPrefix = null;
    int count = 0;
    boolean truncated = false;
    for (StoredObject obj : maxKeys == 0 ? Map.<String, StoredObject>of().values() : from(prefix, marker).values()) {
      String key = obj.key;
      if (!key.startsWith(prefix)) {
        break;
      }
      // Documented quirk: the "directory object" equal to a '/'-terminated prefix is not listed.
      if (byDir && key.equals(prefix) && prefix.endsWith("/")) {
        continue;
      }
      String commonPrefix = null;
      if (byDir) {
        int slash = key.indexOf('/', prefix.length());
        if (slash >= 0) {
          commonPrefix = key.substring(0, slash + 1);
          if (commonPrefix.equals(lastPrefix)
              || (!marker.isEmpty() && Store.KEY_ORDER.compare(commonPrefix, marker) <= 0)) {
            continue;
          }
        }
      }
      if (count == maxKeys) {
        truncated = true;
        break;
      }
      count++;
      if (commonPrefix != null) {
        commonPrefixes.addRaw(Json.obj().put("Prefix", commonPrefix).toString());
        lastPrefix = commonPrefix;
        last = commonPrefix;
      } else {
        Json.Obj meta = Json.obj();
        obj.userMeta.forEach(meta::put);
        contents.addRaw(Json.obj()
            .put("Key", key)
            .put("MimeType", obj.mimeType)
            .put("Etag", obj.etag)
            .put("Size", Long.toString(obj.size))
            .put("StorageClass", obj.storageClass)
            .put("LastModified", obj.modified.getEpochSecond())
            .put("CreateTime", obj.created.getEpochSecond())
            .putRaw("UserMeta", meta.toString())
            .toString());
        last = key;
      }
    }
    return Reply.json(200, Json.obj()
        .put("Name", bucket)
        .put("Prefix", prefix)
        .put("MaxKeys", Integer.toString(maxKeys))
        .put("Delimiter", delimiter)
        .put("IsTruncated", truncated)
        .put("NextMarker", truncated ? last : "")
        .putRaw("Contents", contents.toString())
        .putRaw("CommonPrefixes", commonPrefixes.toString())
        .toString());
  }

  /** Objects from the later of "first key with prefix" and "first key after marker". */
  private NavigableMap<String, StoredObject> from(String prefix, String marker) {
    if (!marker.isEmpty() && Store.KEY_ORDER.compare(marker, prefix) >= 0) {
      return store.objects.tailMap(marker, false);
    }
    return store.objects.tailMap(prefix, true);
  }

  // ---------------------------------------------------------------- multipart

  private Reply initiate(Call c) throws UFileException {
    requireValidKey(c.key);
    String id = UUID.randomUUID().toString().replace("-", "");
    Upload u = new Upload(id, c.key, mimeType(c), storageClass(c, "STANDARD"), userMeta(c), clock.instant(),
        blockSize);
    store.uploads.put(id, u);
    return Reply.json(200, Json.obj()
        .put("UploadId", id)
        .put("BlkSize", u.blockSize)
        .put("Bucket", bucket)
        .put("Key", c.key)
        .toString());
  }

  private Upload upload(Call c) throws UFileException {
    String id = c.params.get("uploadId");
    Upload u = id == null ? null : store.uploads.get(id);
    if (u == null) {
      // [?] undocumented; 404 like S3's NoSuchUpload.
      throw new UFileException(404, UFileException.FILE_NOT_EXIST, "upload id not exist");
    }
    if (!c.key.isEmpty() && !u.key.equals(c.key)) {
      throw UFileException.badRequest("upload " + u.id + " belongs to key " + u.key);
    }
    return u;
  }

  private int partNumber(Call c) throws UFileException {
    try {
      int n = Integer.parseInt(c.params.get("partNumber"));
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw UFileException.badRequest("partNumber must be an integer >= 0 (parts are numbered from 0)");
    }
  }

  private Reply uploadPart(Call c) throws UFileException, IOException {
    Upload u = upload(c);
    int number = partNumber(c);
    long length = contentLength(c);
    if (length > maxPutSize) {
      throw UFileException.badRequest("part of " + length + " bytes exceeds " + maxPutSize);
    }
    String md5 = nonEmpty(c.header("Content-MD5"));
    Hasher h = new Hasher(length > UFileEtag.BLOCK_SIZE, md5 != null);
    Segment seg = receive(c, length, h);
    try {
      checkMd5(md5, h.md5());
    } catch (UFileException e) {
      seg.release();
      throw e;
    }
    return addPart(u, new Part(number, seg, h.partEtag(), h.finish().blockSha1s(), clock.instant()));
  }

  private Reply addPart(Upload u, Part part) throws UFileException {
    synchronized (u) {
      if (u.closed) {
        part.segment.release();
        throw new UFileException(404, UFileException.FILE_NOT_EXIST, "upload id not exist");
      }
      Part old = u.parts.put(part.number, part);
      if (old != null) {
        old.segment.release();
      }
    }
    return Reply.json(200, Json.obj().put("PartNumber", part.number).toString()).header("ETag", quote(part.etag));
  }

  private Reply uploadPartCopy(Call c) throws UFileException, IOException {
    Upload u = upload(c);
    int number = partNumber(c);
    String[] source = copySource(c);
    StoredObject src = store.acquire(source[1]);
    if (src == null) {
      throw UFileException.notFound();
    }
    try {
      long[] range = parseCopyRange(c.header("X-Ufile-Copy-Source-Range"), src.size);
      long length = range[1] - range[0] + 1;
      Hasher h = new Hasher(length > UFileEtag.BLOCK_SIZE, false);
      Path p = store.newSegmentPath();
      try (InputStream in = src.open(range[0], length);
          FileChannel out = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
          h.update(buf, 0, n);
          out.write(ByteBuffer.wrap(buf, 0, n));
        }
      } catch (IOException e) {
        Files.deleteIfExists(p);
        throw e;
      }
      Part part = new Part(number, new Segment(p, length), h.partEtag(), h.finish().blockSha1s(), clock.instant());
      return addPart(u, part)
          .header("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + src.size);
    } finally {
      src.release();
    }
  }

  private Reply finish(Call c) throws UFileException, IOException {
    Upload u = upload(c);
    String newKey = c.param("newKey", "");
    // As UFile's docs and the protocol notes (section 4) describe it: newKey names the object only
    // when the upload's own key was taken meanwhile; otherwise the upload's key is used.
    String target = !newKey.isEmpty() && store.objects.containsKey(u.key) ? newKey : u.key;
    requireValidKey(target);
    String directive = c.header("X-Ufile-Metadata-Directive");
    boolean replace = "REPLACE".equalsIgnoreCase(directive);
    if (directive != null && !replace && !"UNCHANGED".equalsIgnoreCase(directive)) {
      throw UFileException.badRequest("invalid X-Ufile-Metadata-Directive " + directive);
    }
    Map<String, String> meta = replace ? userMeta(c) : u.userMeta;
    String body = new String(readSmallBody(c), StandardCharsets.UTF_8).trim();
    List<String> etags = body.isEmpty() ? List.of() : List.of(body.split(",", -1));
    List<Part> parts = new ArrayList<>();
    synchronized (u) {
      if (u.closed) {
        throw new UFileException(404, UFileException.FILE_NOT_EXIST, "upload id not exist");
      }
      if (etags.isEmpty()) {
        throw UFileException.badRequest("no part etags given");
      }
      if (u.parts.size() != etags.size()) {
        throw UFileException.badRequest(etags.size() + " etags given but " + u.parts.size() + " parts uploaded");
      }
      for (int i = 0; i < etags.size(); i++) {
        Part p = u.parts.get(i);
        if (p == null) {
          throw UFileException.badRequest("part " + i + " is missing");
        }
        if (!p.etag.equals(etags.get(i))) {
          throw UFileException.badRequest("etag " + i + " does not match part " + i
              + " (etags must be in partNumber order)");
        }
        boolean lastPart = i == etags.size() - 1;
        if (lastPart ? p.segment.length > u.blockSize : p.segment.length != u.blockSize) {
          throw UFileException.badRequest("part " + i + " has " + p.segment.length + " bytes; every part but the"
              + " last must be exactly " + u.blockSize + " and the last at most that");
        }
        parts.add(p);
      }
      u.closed = true;
      store.uploads.remove(u.id);
    }
    List<Segment> segments = parts.stream().map(p -> p.segment).toList();
    String etag;
    if (u.blockSize % UFileEtag.BLOCK_SIZE == 0) {
      etag = UFileEtag.fromBlocks(parts.stream().flatMap(p -> p.blockSha1s.stream()).toList());
    } else {
      etag = etagOf(segments);
    }
    Instant now = clock.instant();
    StoredObject obj = new StoredObject(target, segments, etag, u.mimeType, u.storageClass, meta, now, now);
    store.put(obj);
    return Reply.json(200, Json.obj()
        .put("Bucket", bucket)
        .put("Key", target)
        .put("FileSize", obj.size)
        .toString()).header("ETag", quote(etag));
  }

  /** Parts not aligned to 4 MiB blocks: hash the assembled bytes once more. */
  private static String etagOf(List<Segment> segments) throws IOException {
    Hasher h = new Hasher(false, false);
    byte[] buf = new byte[64 * 1024];
    for (Segment s : segments) {
      try (InputStream in = Files.newInputStream(s.path)) {
        for (int n; (n = in.read(buf)) > 0; ) {
          h.update(buf, 0, n);
        }
      }
    }
    return h.etag();
  }

  private Reply abort(Call c) throws UFileException {
    Upload u = upload(c);
    synchronized (u) {
      if (u.closed) {
        throw new UFileException(404, UFileException.FILE_NOT_EXIST, "upload id not exist");
      }
      u.closed = true;
      store.uploads.remove(u.id);
      u.parts.values().forEach(p -> p.segment.release());
      u.parts.clear();
    }
    return new Reply(200);
  }

  private Reply listParts(Call c) throws UFileException {
    Upload u = upload(c);
    int maxParts = intParam(c, "max-parts", 1000, 1, 1000);
    int marker = intParam(c, "part-number-marker", -1, -1, Integer.MAX_VALUE);
    List<Part> page = new ArrayList<>();
    boolean truncated = false;
    for (Part p : u.parts.tailMap(marker, false).values()) {
      if (page.size() == maxParts) {
        truncated = true;
        break;
      }
      page.add(p);
    }
    Json.Arr parts = Json.arr();
    page.forEach(p -> parts.addRaw(Json.obj()
        .put("PartNum", p.number)
        .put("Etag", p.etag)
        .put("LastModified", p.lastModified.getEpochSecond())
        .put("Size", p.segment.length)
        .toString()));
    return Reply.json(200, Json.obj()
        .put("UploadId", u.id)
        .put("Bucket", bucket)
        .put("Key", u.key)
        .put("StorageClass", u.storageClass)
        .put("Status", "uploading")
        .put("MaxParts", maxParts)
        .put("IsTruncated", truncated)
        .put("NextPartNumberMarker", page.isEmpty() ? marker : page.get(page.size() - 1).number)
        .putRaw("Parts", parts.toString())
        .toString());
  }

  /** Uploads ordered by key then id; the marker is the last upload id of the previous page. */
  private Reply listUploads(Call c) throws UFileException {
    String prefix = c.param("prefix", "");
    String marker = c.param("marker", "");
    int limit = intParam(c, "limit", 20, 1, 1000);
    List<UploadInfo> all = uploads().stream().filter(u -> u.key().startsWith(prefix)).toList();
    int from = 0;
    if (!marker.isEmpty()) {
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).uploadId().equals(marker)) {
          from = i + 1;
        }
      }
    }
    List<UploadInfo> page = all.subList(Math.min(from, all.size()), Math.min(from + limit, all.size()));
    boolean more = from + limit < all.size();
    Json.Arr set = Json.arr();
    for (UploadInfo u : page) {
      Upload upload = store.uploads.get(u.uploadId());
      set.addRaw(Json.obj()
          .put("UploadId", u.uploadId())
          .put("FileName", u.key())
          .put("StartTime", u.started().getEpochSecond())
          .put("StorageClass", upload == null ? "STANDARD" : upload.storageClass)
          .toString());
    }
    return Reply.json(200, Json.obj()
        .put("RetCode", 0)
        .put("ErrMsg", "")
        .put("NextMarker", more ? page.get(page.size() - 1).uploadId() : "")
        .putRaw("DataSet", set.toString())
        .toString());
  }

  // ---------------------------------------------------------------- request parts

  private static void requireValidKey(String key) throws UFileException {
    if (key == null || key.isEmpty()) {
      throw UFileException.badRequest("missing key");
    }
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > 1023) {
      throw UFileException.badRequest("key of " + bytes + " bytes is longer than 1023");
    }
    if (key.startsWith("/") || key.startsWith("\\")) {
      throw UFileException.badRequest("key must not start with / or \\");
    }
  }

  private static long contentLength(Call c) throws UFileException {
    String v = c.header("Content-Length");
    if (v == null) {
      throw new UFileException(411, UFileException.INVALID_ARGUMENT, "Content-Length required");
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw UFileException.badRequest("invalid Content-Length " + v);
    }
  }

  private static String mimeType(Call c) {
    String type = nonEmpty(c.header("Content-Type"));
    return type == null ? OCTET_STREAM : type;
  }

  private static String storageClass(Call c, String dflt) throws UFileException {
    String v = c.header("X-Ufile-Storage-Class");
    if (v == null) {
      return dflt;
    }
    if (!List.of("STANDARD", "IA", "ARCHIVE").contains(v)) {
      throw UFileException.badRequest("invalid storage class " + v);
    }
    return v;
  }

  /** X-Ufile-Meta-* headers; names lower-cased because the JDK server already lost their case. */
  private static Map<String, String> userMeta(Call c) throws UFileException {
    Map<String, String> meta = new LinkedHashMap<>();
    int total = 0;
    for (Map.Entry<String, List<String>> e : c.in.entrySet()) {
      String name = e.getKey().toLowerCase(java.util.Locale.ROOT);
      if (name.startsWith("x-ufile-meta-") && name.length() > 13) {
        String value = String.join(",", e.getValue());
        meta.put(name.substring(13), value);
        total += name.length() - 13 + value.length();
      }
    }
    if (total > MAX_USER_META_BYTES) {
      throw UFileException.badRequest("user metadata exceeds 8 KB");
    }
    return meta;
  }

  private static int intParam(Call c, String name, int dflt, int min, int max) throws UFileException {
    String v = c.params.get(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw UFileException.badRequest(name + " must be within " + min + ".." + max);
    }
  }

  /** {first, last} of a satisfiable "bytes=a-b", "bytes=a-" or "bytes=-n"; null = whole object. */
  static long[] parseRange(String header, long size) throws UFileException {
    if (header == null) {
      return null;
    }
    String h = header.trim();
    if (!h.startsWith("bytes=") || h.contains(",")) {
      return null; // Unsupported forms are ignored, as RFC 9110 allows.
    }
    String spec = h.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      long first;
      long last;
      if (a.isEmpty()) {
        long suffix = Long.parseLong(b);
        if (suffix <= 0 || size == 0) {
          throw invalidRange(size);
        }
        first = Math.max(0, size - suffix);
        last = size - 1;
      } else {
        first = Long.parseLong(a);
        if (!b.isEmpty() && Long.parseLong(b) < first) {
          return null;
        }
        if (first >= size) {
          throw invalidRange(size);
        }
        last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
      }
      return new long[] {first, last};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static UFileException invalidRange(long size) {
    return new RangeException(size);
  }

  /** 416 carrying the object size for {@code Content-Range: bytes * /size}. */
  private static final class RangeException extends UFileException {
    final long size;

    RangeException(long size) {
      super(416, INVALID_RANGE, "invalid range");
      this.size = size;
    }
  }

  private static long[] parseCopyRange(String header, long size) throws UFileException {
    if (header == null) {
      if (size == 0) {
        throw new UFileException(419, UFileException.INVALID_RANGE, "invalid range");
      }
      return new long[] {0, size - 1};
    }
    try {
      String spec = header.trim().substring("bytes=".length());
      int dash = spec.indexOf('-');
      long a = Long.parseLong(spec.substring(0, dash).trim());
      long b = Long.parseLong(spec.substring(dash + 1).trim());
      if (a < 0 || b < a || b >= size) {
        throw new NumberFormatException();
      }
      return new long[] {a, b};
    } catch (RuntimeException e) {
      // 419 is what the UploadPartCopy docs state for a bad range.
      throw new UFileException(419, UFileException.INVALID_RANGE, "invalid range");
    }
  }

  private static boolean notModifiedSince(StoredObject obj, String since) {
    try {
      Instant t = ZonedDateTime.parse(since.trim(), HTTP_DATE).toInstant();
      return obj.modified.getEpochSecond() <= t.getEpochSecond();
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static void checkMd5(String header, byte[] actual) throws UFileException {
    if (header == null) {
      return;
    }
    byte[] expected;
    String v = header.trim();
    try {
      if (v.length() == 32) {
        expected = HexFormat.of().parseHex(v.toLowerCase(java.util.Locale.ROOT));
      } else {
        // requests-ucloud sends base64; accept it as well.
        expected = Base64.getDecoder().decode(v);
      }
    } catch (IllegalArgumentException e) {
      throw UFileException.badRequest("invalid Content-MD5 " + header);
    }
    if (!MessageDigest.isEqual(expected, actual)) {
      throw UFileException.badRequest("Content-MD5 does not match the body");
    }
  }

  /** Streams the request body into a new segment file while hashing it. */
  private Segment receive(Call c, long length, Hasher h) throws IOException, UFileException {
    Path p = store.newSegmentPath();
    long got = 0;
    try (InputStream in = c.ex.getRequestBody();
        FileChannel out = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      byte[] buf = new byte[64 * 1024];
      long started = System.nanoTime();
      long rate = faults.slowBodyBytesPerSec();
      for (int n; (n = in.read(buf, 0, chunk(buf.length, rate))) > 0; ) {
        h.update(buf, 0, n);
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
          out.write(bb);
        }
        got += n;
        c.bytesIn += n;
        throttle(started, got, rate);
      }
      if (got != length) {
        throw new Abort("body ended after " + got + " of " + length + " bytes");
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(p);
      throw e;
    }
    bytesReceived.addAndGet(got);
    return new Segment(p, got);
  }

  private static byte[] readSmallBody(Call c) throws IOException, UFileException {
    byte[] body;
    try (InputStream in = c.ex.getRequestBody()) {
      body = in.readNBytes(16 * 1024 * 1024 + 1);
    }
    if (body.length > 16 * 1024 * 1024) {
      throw UFileException.badRequest("request body too large");
    }
    c.bytesIn += body.length;
    String md5 = nonEmpty(c.header("Content-MD5"));
    if (md5 != null) {
      checkMd5(md5, UFileEtag.digest("MD5").digest(body));
    }
    return body;
  }

  private static void drain(Call c) throws IOException {
    try (InputStream in = c.ex.getRequestBody()) {
      c.bytesIn += in.transferTo(OutputStream.nullOutputStream());
    }
  }

  // ---------------------------------------------------------------- responses

  private Reply errorReply(Call c, UFileException e) {
    Reply r = Reply.json(e.status, e.json());
    if (e instanceof RangeException re) {
      r.header("Content-Range", "bytes */" + re.size);
    }
    return r;
  }

  private void send(Call c, Reply r, boolean resetMidBody) throws IOException {
    HttpExchange ex = c.ex;
    Headers out = ex.getResponseHeaders();
    ExactCaseHeaders.put(out, "X-SessionId", sessionId());
    for (String[] h : r.headers) {
      ExactCaseHeaders.put(out, h[0], h[1]);
    }
    long bodyLength = r.object != null ? r.length : r.body != null ? r.body.length : 0;
    if (c.isHead() || r.status == 204 || r.status == 304) {
      if (c.isHead() && r.headContentLength >= 0) {
        // The JDK server leaves Content-Length alone on HEAD; UFile reports the object size there.
        ExactCaseHeaders.put(out, "Content-Length", Long.toString(r.headContentLength));
      }
      ex.sendResponseHeaders(r.status, -1);
      return;
    }
    if (bodyLength == 0) {
      if (resetMidBody) {
        throw new Abort("injected reset");
      }
      ex.sendResponseHeaders(r.status, -1);
      return;
    }
    ex.sendResponseHeaders(r.status, bodyLength);
    long limit = resetMidBody ? bodyLength / 2 : bodyLength;
    OutputStream os = ex.getResponseBody();
    if (r.object != null) {
      try (InputStream in = r.object.open(r.start, limit)) {
        copyOut(c, in, os, limit, true);
      }
    } else {
      copyOut(c, new java.io.ByteArrayInputStream(r.body, 0, (int) limit), os, limit, false);
    }
    if (resetMidBody) {
      os.flush();
      throw new Abort("injected reset mid-body");
    }
  }

  private void copyOut(Call c, InputStream in, OutputStream os, long length, boolean objectBytes)
      throws IOException {
    byte[] buf = new byte[64 * 1024];
    long rate = faults.slowBodyBytesPerSec();
    long started = System.nanoTime();
    long done = 0;
    while (done < length) {
      int n = in.read(buf, 0, (int) Math.min(chunk(buf.length, rate), length - done));
      if (n < 0) {
        throw new IOException("stored object ended early");
      }
      if (objectBytes) {
        // Counted before writing: the client may assert on the counters as soon as it has the bytes.
        c.bytesOut += n;
        bytesServed.addAndGet(n);
      }
      os.write(buf, 0, n);
      done += n;
      if (rate > 0 && done < length) {
        os.flush();
        throttle(started, done, rate);
      }
    }
  }

  private static int chunk(int max, long rate) {
    return rate <= 0 ? max : (int) Math.max(1, Math.min(max, rate / 20));
  }

  private static void throttle(long startedNanos, long bytes, long rate) {
    if (rate > 0) {
      long due = startedNanos + bytes * 1_000_000_000L / rate;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
  }

  private static void sendRaw(HttpExchange ex, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ExactCaseHeaders.put(ex.getResponseHeaders(), "X-SessionId", sessionId());
    ex.getResponseHeaders().set("Content-Type", JSON);
    if (ex.getRequestMethod().equalsIgnoreCase("HEAD") || body.length == 0) {
      ex.sendResponseHeaders(status, -1);
    } else {
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
    }
    ex.close();
  }

  private static String sessionId() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  }

  private FaultKind pickFault(Operation op, Faults f) {
    synchronized (faultLock) {
      Deque<FaultKind> queue = scripted.get(op);
      if (queue != null && !queue.isEmpty()) {
        return queue.poll();
      }
      if (!f.appliesTo(op) || (f.error503Rate() == 0 && f.resetRate() == 0)) {
        return null;
      }
      // Always draw twice so one rate never shifts the other's sequence.
      double unavailable = random.nextDouble();
      double reset = random.nextDouble();
      if (unavailable < f.error503Rate()) {
        return FaultKind.UNAVAILABLE;
      }
      return reset < f.resetRate() ? FaultKind.RESET : null;
    }
  }

  private void record(Call c) {
    synchronized (log) {
      if (log.size() == MAX_LOG) {
        log.removeFirst();
      }
      log.addLast(c);
    }
  }

  // ---------------------------------------------------------------- admin endpoint

  /**
   * {@code /__fake/*}: not part of UFile, unauthenticated, never faulted or logged. A Go-style
   * client storing keys under "__fake/" would collide; the Java SDK encodes the '/' and cannot.
   */
  private void admin(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    Map<String, String> q = parseQuery(ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
    String method = ex.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
    try {
      switch (path) {
        case "/__fake/stats" -> adminReply(ex, 200, statsJson());
        case "/__fake/faults" -> {
          if (method.equals("POST") || method.equals("PUT")) {
            applyFaults(q);
          }
          adminReply(ex, 200, faults.toJson());
        }
        case "/__fake/reset" -> {
          reset();
          if ("true".equalsIgnoreCase(q.get("objects"))) {
            clear();
          }
          adminReply(ex, 200, statsJson());
        }
        case "/__fake/requests" -> {
          Json.Arr arr = Json.arr();
          for (RecordedRequest r : requests()) {
            arr.addRaw(Json.obj()
                .put("time", r.time().toString())
                .put("method", r.method())
                .put("operation", r.operation().apiName())
                .put("key", r.key())
                .put("query", r.query())
                .put("status", r.status())
                .put("bytesIn", r.bytesIn())
                .put("bytesOut", r.bytesOut())
                .put("fault", r.fault() == null ? null : r.fault().name())
                .toString());
          }
          adminReply(ex, 200, arr.toString());
        }
        case "/__fake/objects" -> {
          Json.Arr arr = Json.arr();
          store.objects.values().forEach(o -> arr.addRaw(Json.obj()
              .put("key", o.key).put("size", o.size).put("etag", o.etag).put("mimeType", o.mimeType).toString()));
          adminReply(ex, 200, arr.toString());
        }
        default -> adminReply(ex, 404, Json.obj().put("error", "unknown admin path " + path).toString());
      }
    } catch (IllegalArgumentException e) {
      adminReply(ex, 400, Json.obj().put("error", e.getMessage()).toString());
    }
  }

  /**
   * Query parameters of {@code POST /__fake/faults}: latencyMs, error503Rate, resetRate,
   * slowBodyBytesPerSec, seed, ops (comma-separated operation names), failNext (op:KIND[:times],
   * comma-separated). Unspecified rates are zero: each POST states the whole fault setup.
   */
  private void applyFaults(Map<String, String> q) {
    Faults f = new Faults(
        Long.parseLong(q.getOrDefault("latencyMs", "0")),
        Double.parseDouble(q.getOrDefault("error503Rate", "0")),
        Double.parseDouble(q.getOrDefault("resetRate", "0")),
        Long.parseLong(q.getOrDefault("slowBodyBytesPerSec", "0")),
        Long.parseLong(q.getOrDefault("seed", "0")),
        q.containsKey("ops") && !q.get("ops").isBlank()
            ? Stream.of(q.get("ops").split(",")).map(String::trim).map(Operation::parse)
                .collect(Collectors.toCollection(() -> java.util.EnumSet.noneOf(Operation.class)))
            : java.util.Set.of());
    faults(f);
    String next = q.get("failNext");
    if (next != null && !next.isBlank()) {
      for (String spec : next.split(",")) {
        String[] p = spec.trim().split(":");
        if (p.length < 2) {
          throw new IllegalArgumentException("failNext wants op:KIND[:times], got " + spec);
        }
        failNext(Operation.parse(p[0]), FaultKind.valueOf(p[1].toUpperCase(java.util.Locale.ROOT)),
            p.length > 2 ? Integer.parseInt(p[2]) : 1);
      }
    }
  }

  private String statsJson() {
    Json.Obj requests = Json.obj();
    counts().forEach(requests::put);
    return Json.obj()
        .putRaw("requests", requests.toString())
        .put("bytesServed", bytesServed())
        .put("bytesReceived", bytesReceived())
        .put("objects", store.objects.size())
        .put("uploads", store.uploads.size())
        .toString();
  }

  private static void adminReply(HttpExchange ex, int status, String json) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", JSON);
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  // ---------------------------------------------------------------- encoding helpers

  /** Percent-decodes as UTF-8; '+' is a literal plus unless {@code form} is set. */
  static String percentDecode(String s, boolean form) {
    if (s == null) {
      return "";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      char ch = s.charAt(i);
      if (ch == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException("truncated percent-escape in " + s);
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("invalid percent-escape in " + s);
        }
        out.write(hi << 4 | lo);
        i += 3;
      } else if (ch == '+' && form) {
        out.write(' ');
        i++;
      } else {
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i += Character.charCount(cp);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Query parameters, form-decoded (SDKs encode a space there as '+'); flags map to "". */
  static Map<String, String> parseQuery(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq), true);
      String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1), true);
      params.putIfAbsent(name, value);
    }
    return params;
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String quote(String etag) {
    return "\"" + etag + "\"";
  }

  private static void sleep(long ms) {
    sleep(ms, 0);
  }

  private static void sleep(long ms, int nanos) {
    try {
      Thread.sleep(ms, nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- standalone

  /**
   * Runs the fake until killed. Options (each also readable as a system property
   * {@code ufile.fake.<name>}): --port (default 9700), --bucket, --public-key, --private-key,
   * --data-dir (default: a temporary directory), --block-size, --max-put-size, --threads.
   * Prints the base URL on the first line of standard output.
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> opts = new LinkedHashMap<>();
    for (String name : List.of("port", "bucket", "public-key", "private-key", "data-dir", "block-size",
        "max-put-size", "threads")) {
      String prop = System.getProperty("ufile.fake." + name);
      if (prop != null) {
        opts.put(name, prop);
      }
    }
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        System.out.println("usage: FakeUFile [--port 9700] [--bucket test-bucket] [--public-key K]"
            + " [--private-key S] [--data-dir DIR] [--block-size 4194304] [--max-put-size BYTES] [--threads 32]");
        return;
      }
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a);
      }
      String name = a.substring(2);
      String value;
      if (name.contains("=")) {
        value = name.substring(name.indexOf('=') + 1);
        name = name.substring(0, name.indexOf('='));
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("missing value for " + a);
      }
      opts.put(name, value);
    }
    Builder b = builder().port(Integer.parseInt(opts.getOrDefault("port", "9700")));
    Optional.ofNullable(opts.get("bucket")).ifPresent(b::bucket);
    b.keys(opts.getOrDefault("public-key", b.publicKey), opts.getOrDefault("private-key", b.privateKey));
    Optional.ofNullable(opts.get("data-dir")).map(Path::of).ifPresent(b::dataDir);
    Optional.ofNullable(opts.get("block-size")).map(Integer::parseInt).ifPresent(b::blockSize);
    Optional.ofNullable(opts.get("max-put-size")).map(Long::parseLong).ifPresent(b::maxPutSize);
    Optional.ofNullable(opts.get("threads")).map(Integer::parseInt).ifPresent(b::threads);
    FakeUFile fake = b.start();
    Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-ufile-shutdown"));
    System.out.println(fake.baseUrl());
    System.err.println("FakeUFile: bucket=" + fake.bucket() + " publicKey=" + fake.publicKey()
        + " dataDir=" + fake.dataDir() + " blockSize=" + fake.blockSize() + " maxPutSize=" + fake.maxPutSize()
        + "; admin: " + fake.baseUrl() + "/__fake/stats");
    System.out.flush();
    Thread.currentThread().join();
  }
}
