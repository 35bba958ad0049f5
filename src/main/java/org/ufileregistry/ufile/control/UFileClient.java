package org.ufileregistry.ufile.control;

import jakarta.json.JsonString;
import java.io.IOException;
import java.io.FilterInputStream;
import java.io.EOFException;
import org.ufileregistry.base.entity.Jsons;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.ufileregistry.ufile.entity.Body;
import org.ufileregistry.ufile.entity.MultipartUpload;
import org.ufileregistry.ufile.entity.UFileException;
import org.ufileregistry.ufile.entity.UFileListing;
import org.ufileregistry.ufile.entity.UFileObject;
import org.ufileregistry.ufile.entity.UFileUnavailableException;

/**
 * The UFile object API over the standard Jakarta REST client, signed as the official SDK signs.
 * This bean is the only place with fault tolerance: every call is retried on transient failures
 * (no response, timeout, 5xx/408/429) and never on a refusal, bounded by a timeout, and guarded
 * by a circuit breaker so that a dead UFile answers fast. The seed's keys {@code ufile.retries},
 * {@code ufile.retry-interval} and {@code ufile.timeout} drive the annotations through the
 * Fault Tolerance override keys in {@code microprofile-config.properties}.
 */
@ApplicationScoped
@Retry(
    maxRetries = 3,
    delay = 1,
    delayUnit = ChronoUnit.SECONDS,
    jitter = 0,
    retryOn = {UFileUnavailableException.class, TimeoutException.class},
    abortOn = UFileException.class)
@Timeout(value = 60, unit = ChronoUnit.SECONDS)
@CircuitBreaker(
    requestVolumeThreshold = 20,
    failureRatio = 0.8,
    delay = 5,
    delayUnit = ChronoUnit.SECONDS,
    successThreshold = 2,
    failOn = {UFileUnavailableException.class, TimeoutException.class},
    skipOn = UFileException.class)
@Attempts
public class UFileClient {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String OCTETS = "application/octet-stream";

  private final Optional<String> baseUrl;
  private final Optional<String> bucketName;
  private final Optional<String> publicKey;
  private final Optional<String> privateKey;
  private final long timeoutSeconds;

  @Inject
  public UFileClient(
      @ConfigProperty(name = "ufile.baseurl") Optional<String> baseUrl,
      @ConfigProperty(name = "ufile.bucket") Optional<String> bucketName,
      @ConfigProperty(name = "ufile.public-key") Optional<String> publicKey,
      @ConfigProperty(name = "ufile.private-key") Optional<String> privateKey,
      @ConfigProperty(name = "ufile.timeout", defaultValue = "60") long timeoutSeconds) {
    this.baseUrl = baseUrl;
    this.bucketName = bucketName;
    this.publicKey = publicKey;
    this.privateKey = privateKey;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** For the CDI client proxy only. */
  protected UFileClient() {
    this(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 60);
  }

  private volatile Settings settings;

  /** Resolved configuration; built on first use so that other storage backends never need it. */
  private record Settings(URI base, String bucket, UFileSigner signer, Client http) {}

  private Settings settings() {
    Settings s = settings;
    if (s == null) {
      synchronized (this) {
        if (settings == null) {
          settings = configure();
        }
        s = settings;
      }
    }
    return s;
  }

  private Settings configure() {
    String base = require(baseUrl, "ufile.baseurl");
    URI uri;
    try {
      uri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("ufile.baseurl is not a URL: " + base);
    }
    if (uri.getHost() == null || uri.getScheme() == null) {
      throw new IllegalStateException("ufile.baseurl must look like http://<bucket>.<region host>: " + base);
    }
    String bucket = bucketName.filter(b -> !b.isBlank()).orElseGet(() -> bucketFromHost(uri.getHost()));
    UFileSigner signer = new UFileSigner(require(publicKey, "ufile.public-key"), require(privateKey, "ufile.private-key"));
    Client http =
        ClientBuilder.newBuilder()
            .connectTimeout(Math.min(timeoutSeconds, 10), TimeUnit.SECONDS)
            .readTimeout(timeoutSeconds, TimeUnit.SECONDS)
            .build();
    return new Settings(uri, bucket, signer, http);
  }

  private static String require(Optional<String> value, String key) {
    return value.filter(v -> !v.isBlank()).orElseThrow(
        () -> new IllegalStateException(key + " must be set when registry.storage=ufile"));
  }

  static String bucketFromHost(String host) {
    if (host.matches("[0-9.]+") || host.contains(":") || !host.contains(".")) {
      throw new IllegalStateException(
          "ufile.bucket must be set when ufile.baseurl names no bucket (an IP address or custom domain): " + host);
    }
    return host.substring(0, host.indexOf('.'));
  }

  @PreDestroy
  void close() {
    Settings s = settings;
    if (s != null) {
      s.http().close();
    }
  }

  public String bucket() {
    return settings().bucket();
  }

  /** Size and modification time of an object, or null when there is none. */
  public UFileObject head(String key) {
    try (Response r = send("HEAD", key, "", null, null, null)) {
      if (r.getStatus() == 404) {
        return null;
      }
      requireSuccess(r, "HEAD", key);
      Instant modified = r.getLastModified() == null ? Instant.EPOCH : r.getLastModified().toInstant();
      return new UFileObject(key, Long.parseLong(r.getHeaderString("Content-Length")), modified);
    } catch (ProcessingException e) {
      // also thrown by close(), when the rest of a broken-off answer cannot be drained
      throw new UFileUnavailableException("UFile answer broke off: " + rootMessage(e), e);
    }
  }

  /**
   * The object's bytes from {@code offset}; null when there is no such object. A range past the
   * end throws UFileException with status 416. The caller closes the stream.
   */
  public InputStream get(String key, long offset) {
    Response r = send("GET", key, "", offset > 0 ? "bytes=" + offset + "-" : null, null, null);
    if (r.getStatus() == 404) {
      r.close();
      return null;
    }
    requireSuccess(r, "GET", key);
    String length = r.getHeaderString("Content-Length");
    try {
      InputStream body = r.readEntity(InputStream.class);
      return length == null || length.isBlank() ? body : new ExactLength(body, Long.parseLong(length.trim()), key);
    } catch (ProcessingException e) {
      r.close();
      throw new UFileUnavailableException("GET " + key + ": answer broke off: " + rootMessage(e), e);
    }
  }

  /**
   * Turns a body that ends before its Content-Length into an IOException, which readers treat as
   * a broken connection (and resume): Jersey's default connector reports such an end as a plain EOF.
   */
  private static final class ExactLength extends FilterInputStream {
    private final String key;
    private long remaining;

    ExactLength(InputStream in, long length, String key) {
      super(in);
      this.remaining = length;
      this.key = key;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n = super.read(b, off, len);
      if (n < 0 && remaining > 0) {
        throw new EOFException("GET " + key + ": answer ended " + remaining + " bytes early");
      }
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }

  /**
   * The whole content of a small object (links, writer state), or null when there is none. Read
   * here, inside the retried call, so that an answer that breaks off is retried too.
   */
  public byte[] getBytes(String key) {
    return getBytes(key, null);
  }

  /**
   * At most the first {@code length} bytes of a small object, or null when there is none: for
   * objects that start with a short header (a writer's state) whose rest is not needed.
   */
  public byte[] getFirstBytes(String key, int length) {
    return getBytes(key, "bytes=0-" + (length - 1));
  }

  private byte[] getBytes(String key, String range) {
    try (Response r = send("GET", key, "", range, null, null)) {
      if (r.getStatus() == 404) {
        return null;
      }
      if (r.getStatus() == 416) {
        return new byte[0]; // an empty object has no first byte
      }
      requireSuccess(r, "GET", key);
      byte[] bytes;
      try {
        bytes = r.readEntity(byte[].class);
      } catch (ProcessingException e) {
        throw new UFileUnavailableException("GET " + key + ": answer broke off: " + rootMessage(e), e);
      }
      // Jersey's default connector hands back a body cut short without an error.
      String length = r.getHeaderString("Content-Length");
      if (length != null && !length.isBlank() && bytes.length != Long.parseLong(length.trim())) {
        throw new UFileUnavailableException(
            "GET " + key + ": answer broke off after " + bytes.length + " of " + length.trim() + " bytes");
      }
      return bytes;
    } catch (ProcessingException e) {
      // also thrown by close(), when the rest of a broken-off answer cannot be drained
      throw new UFileUnavailableException("UFile answer broke off: " + rootMessage(e), e);
    }
  }

  /** Stores a small object; the caller closes {@code content} once this returns. */
  public void put(String key, Body content) {
    try (Response r = send("PUT", key, "", null, OCTETS, content.bytes())) {
      requireSuccess(r, "PUT", key);
    } catch (ProcessingException e) {
      // also thrown by close(), when the rest of a broken-off answer cannot be drained
      throw new UFileUnavailableException("UFile answer broke off: " + rootMessage(e), e);
    }
  }

  /** False when there was no such object. */
  public boolean delete(String key) {
    try (Response r = send("DELETE", key, "", null, null, null)) {
      if (r.getStatus() == 404) {
        return false;
      }
      requireSuccess(r, "DELETE", key);
      return true;
    } catch (ProcessingException e) {
      // also thrown by close(), when the rest of a broken-off answer cannot be drained
      throw new UFileUnavailableException("UFile answer broke off: " + rootMessage(e), e);
    }
  }

  /** Moves an object without copying its bytes (the SDK's rename), replacing any destination. */
  public void rename(String key, String newKey) {
    String query = "newFileName=" + URLEncoder.encode(newKey, StandardCharsets.UTF_8).replace("+", "%20") + "&force=true";
    try (Response r = send("PUT", key, query, null, OCTETS, new byte[0])) {
      requireSuccess(r, "rename", key);
    } catch (ProcessingException e) {
      // also thrown by close(), when the rest of a broken-off answer cannot be drained
      throw new UFileUnavailableException("UFile answer broke off: " + rootMessage(e), e);
    }
  }

  /** Copies an object inside the bucket (X-Ufile-Copy-Source), replacing any destination. */
  public void copy(String sourceKey, String destinationKey) {
    String source = "/" + settings().bucket() + "/" + encodeKey(sourceKey);
    try (Response r = send("PUT", destinationKey, "", null, OCTETS, new byte[0], "X-Ufile-Copy-Source", source)) {
      requireSuccess(r, "Copy", destinationKey);
    } catch (ProcessingException e) {
      // also thrown by close(), when the rest of a broken-off answer cannot be drained
      throw new UFileUnavailableException("UFile answer broke off: " + rootMessage(e), e);
    }
  }

  /** One page of ListObjects below {@code prefix}; {@code delimiter} is "" or "/". */
  public UFileListing list(String prefix, String marker, String delimiter, int maxKeys) {
    String query = "listobjects&prefix=" + query(prefix) + "&marker=" + query(marker == null ? "" : marker)
        + "&max-keys=" + maxKeys + "&delimiter=" + query(delimiter);
    try (Response r = send("GET", "", query, null, null, null)) {
      requireSuccess(r, "ListObjects", prefix);
      JsonObject o = json(text(r, prefix));
      List<UFileObject> objects = new ArrayList<>();
      for (JsonValue v : array(o, "Contents")) {
        JsonObject c = v.asJsonObject();
        objects.add(new UFileObject(c.getString("Key"), number(c.get("Size")),
            Instant.ofEpochSecond(number(c.containsKey("LastModified") ? c.get("LastModified") : c.get("ModifyTime")))));
      }
      List<String> prefixes = new ArrayList<>();
      for (JsonValue v : array(o, "CommonPrefixes")) {
        prefixes.add(v.asJsonObject().getString("Prefix"));
      }
      boolean truncated = o.containsKey("IsTruncated") && o.get("IsTruncated") == JsonValue.TRUE;
      return new UFileListing(objects, prefixes, o.getString("NextMarker", ""), truncated);
    } catch (ProcessingException e) {
      // also thrown by close(), when the rest of a broken-off answer cannot be drained
      throw new UFileUnavailableException("UFile answer broke off: " + rootMessage(e), e);
    }
  }

  public MultipartUpload initiate(String key) {
    try (Response r = send("POST", key, "uploads", null, OCTETS, new byte[0])) {
      requireSuccess(r, "InitiateMultipartUpload", key);
      JsonObject o = json(text(r, key));
      return new MultipartUpload(o.getString("UploadId"), o.getInt("BlkSize"));
    } catch (ProcessingException e) {
      // also thrown by close(), when the rest of a broken-off answer cannot be drained
      throw new UFileUnavailableException("UFile answer broke off: " + rootMessage(e), e);
    }
  }

  /** Uploads (or re-uploads) one part, numbered from 0; returns its ETag. */
  public String uploadPart(String key, String uploadId, int partNumber, Body part) {
    String query = "uploadId=" + query(uploadId) + "&partNumber=" + partNumber;
    try (Response r = send("PUT", key, query, null, OCTETS, part.bytes())) {
      requireSuccess(r, "UploadPart", key);
      return unquote(r.getHeaderString("ETag"));
    } catch (ProcessingException e) {
      // also thrown by close(), when the rest of a broken-off answer cannot be drained
      throw new UFileUnavailableException("UFile answer broke off: " + rootMessage(e), e);
    }
  }

  /**
   * Finishes a multipart upload, asking for {@code newKey}, and returns the key the object was
   * stored under ({@code Key} in UFile's answer), or null when the answer does not say. UFile's
   * documentation reads newKey as the name to use only when {@code key} was taken meanwhile, so
   * callers must not assume the object is at newKey. Never retried blindly: UFile drops the upload
   * once it finished, so a caller that lost the answer checks the object instead (UFileParts).
   */
  @Retry(maxRetries = 0)
  public String finish(String key, String uploadId, String newKey, List<String> etags) {
    String query = "uploadId=" + query(uploadId) + "&newKey=" + query(newKey);
    byte[] body = String.join(",", etags).getBytes(StandardCharsets.US_ASCII);
    try (Response r = send("POST", key, query, null, "text/plain", body)) {
      requireSuccess(r, "FinishMultipartUpload", key);
      JsonObject o = json(text(r, key));
      return o.containsKey("Key") && o.get("Key") instanceof JsonString k ? k.getString() : null;
    } catch (ProcessingException e) {
      // also thrown by close(), when the rest of a broken-off answer cannot be drained
      throw new UFileUnavailableException("UFile answer broke off: " + rootMessage(e), e);
    }
  }

  public void abort(String key, String uploadId) {
    try (Response r = send("DELETE", key, "uploadId=" + query(uploadId), null, null, null)) {
      if (r.getStatus() != 404) {
        requireSuccess(r, "AbortMultipartUpload", key);
      }
    } catch (ProcessingException e) {
      // also thrown by close(), when the rest of a broken-off answer cannot be drained
      throw new UFileUnavailableException("UFile answer broke off: " + rootMessage(e), e);
    }
  }

  /** A pre-signed URL for GET or HEAD of the object, valid until {@code expires}. */
  public URI signedUrl(String method, String key, Instant expires) {
    Settings s = settings();
    long epoch = expires.getEpochSecond();
    String signature = s.signer().urlSignature(method, epoch, s.bucket(), key);
    return URI.create(s.base() + "/" + encodeKey(key) + "?UCloudPublicKey=" + query(s.signer().publicKey())
        + "&Signature=" + query(signature) + "&Expires=" + epoch);
  }

  private Response send(String method, String key, String query, String range, String contentType, byte[] body) {
    return send(method, key, query, range, contentType, body, null, null);
  }

  private Response send(String method, String key, String query, String range, String contentType, byte[] body,
      String extraHeader, String extraValue) {
    Settings s = settings();
    URI uri = URI.create(s.base() + "/" + encodeKey(key) + (query.isEmpty() ? "" : "?" + query));
    String date = DATE.format(Instant.now());
    Invocation.Builder request =
        s.http().target(uri).request()
            .header("Date", date)
            .header("Authorization", s.signer().authorization(method, "", contentType, date, s.bucket(), key));
    if (range != null) {
      request.header("Range", range);
    }
    if (extraHeader != null) {
      request.header(extraHeader, extraValue);
    }
    try {
      return body == null ? request.method(method) : request.method(method, Entity.entity(body, contentType));
    } catch (ProcessingException e) {
      throw new UFileUnavailableException(method + " " + key + ": no answer from UFile: " + rootMessage(e), e);
    }
  }

  /** The answer's body; a connection that breaks while it arrives is a transient failure too. */
  private static String text(Response r, String key) {
    try {
      return r.readEntity(String.class);
    } catch (ProcessingException e) {
      throw new UFileUnavailableException(key + ": answer broke off: " + rootMessage(e), e);
    }
  }

  private static void requireSuccess(Response r, String operation, String key) {
    int status = r.getStatus();
    if (status >= 200 && status < 300) {
      return;
    }
    String detail = operation + " " + key + " -> " + status + errorOf(r);
    if (status >= 500 || status == 408 || status == 429) {
      throw new UFileUnavailableException(detail);
    }
    throw new UFileException(status, detail);
  }

  private static String errorOf(Response r) {
    String session = r.getHeaderString("X-SessionId");
    String body = "";
    try {
      if (r.hasEntity()) {
        JsonObject o = json(r.readEntity(String.class));
        body = " RetCode " + o.get("RetCode") + " " + o.getString("ErrMsg", "");
      }
    } catch (RuntimeException notJson) {
      body = "";
    }
    return body + (session == null ? "" : " (X-SessionId " + session + ")");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  /** Percent-encodes every byte of the key except unreserved characters and "/" (Go SDK style). */
  static String encodeKey(String key) {
    StringBuilder sb = new StringBuilder();
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return sb.toString();
  }

  private static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String unquote(String etag) {
    return etag == null ? "" : etag.replace("\"", "");
  }

  private static JsonObject json(String text) {
    try (var reader = Jsons.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  private static JsonArray array(JsonObject o, String key) {
    JsonValue v = o.get(key);
    return v instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
  }

  /** UFile sends some numbers as JSON strings ("Size":"123"). */
  private static long number(JsonValue v) {
    if (v == null || v == JsonValue.NULL) {
      return 0;
    }
    return v.getValueType() == JsonValue.ValueType.NUMBER
        ? ((jakarta.json.JsonNumber) v).longValue()
        : Long.parseLong(((jakarta.json.JsonString) v).getString());
  }
}
