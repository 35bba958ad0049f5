package org.ufileregistry.conformance;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slice of bloodorangeio/reggie (on go-resty) that the conformance suite uses, on the JDK
 * HttpClient: path templates, query parameters appended after any query the registry put into a
 * Location, and the auth retry on 401.
 *
 * <p>Wire differences to Go that cannot be avoided with HttpClient: HTTP/1.1 is forced (Go does
 * not try h2c either); a {@code Content-Length} set by a spec is not sent as a header, the body
 * publisher's length is, exactly as Go's net/http drops the header and sends the body's length.
 */
final class RegistryClient {

  static final String USER_AGENT = "distribution-spec-conformance-tests";

  private static final Pattern INVALID_URL =
      Pattern.compile("<name>|<reference>|<digest>|<session_id>|//{2,}");
  private static final Pattern AUTH_PARAM = Pattern.compile("([a-zA-z]+)=\"(.+?)\"");
  // reporter.go's redaction of the debug log: credentials, tokens and upload session state
  private static final Pattern REDACT = Pattern.compile(
      "(?i)(\"?\\w*(authorization|token|state)\\w*\"?(:|=)\\s*)(\")?\\s*((bearer|basic)? )?[^\\s&\"]*(\")?");

  final String address;
  final String defaultName;
  private final String username;
  private final String password;
  private final boolean debug;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(Duration.ofSeconds(30))
          .build();

  RegistryClient(String address, String defaultName, String username, String password,
      boolean debug) {
    this.address = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
    this.defaultName = defaultName;
    this.username = username;
    this.password = password;
    this.debug = debug;
  }

  record Option(String key, String value) {}

  static Option withName(String name) {
    return new Option("name", name);
  }

  static Option withReference(String reference) {
    return new Option("reference", reference);
  }

  static Option withDigest(String digest) {
    return new Option("digest", digest);
  }

  Request newRequest(String method, String path, Option... options) {
    String name = defaultName;
    String reference = "";
    String digest = "";
    for (Option o : options) {
      switch (o.key()) {
        case "name" -> name = o.value();
        case "reference" -> reference = o.value();
        case "digest" -> digest = o.value();
        default -> throw new IllegalArgumentException(o.key());
      }
    }
    String p = path.replace("<name>", name).replace("<reference>", reference)
        .replace("<digest>", digest);
    return new Request(method, address + p);
  }

  /** A request as reggie builds it; setters chain like Go's. */
  final class Request {
    final String method;
    final String url;
    final Map<String, String> headers = new LinkedHashMap<>();
    final Map<String, String> query = new TreeMap<>(); // url.Values.Encode sorts by key
    byte[] body;

    Request(String method, String url) {
      this.method = method;
      this.url = url;
    }

    Request setHeader(String name, String value) {
      headers.put(name, value);
      return this;
    }

    Request setQueryParam(String name, String value) {
      query.put(name, value);
      return this;
    }

    Request setBody(byte[] content) {
      body = content;
      return this;
    }
  }

  /** Status, headers and body of one exchange; mirrors reggie.Response. */
  record Response(int statusCode, HttpHeaders headers, byte[] body) {

    String header(String name) {
      return headers.firstValue(name).orElse("");
    }

    String string() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** Path and query of the Location header; "" when it does not parse, as in reggie. */
    String getRelativeLocation() {
      String loc = header("Location");
      URI u;
      try {
        u = new URI(loc);
      } catch (java.net.URISyntaxException e) {
        return "";
      }
      String path = u.getRawPath() == null ? "" : u.getRawPath();
      if (u.getRawQuery() != null && !u.getRawQuery().isEmpty()) {
        path += "?" + u.getRawQuery();
      }
      return path;
    }

    /** reggie returns the header verbatim. */
    String getAbsoluteLocation() {
      return header("Location");
    }

    /** The {@code errors} array of an OCI error body; throws where Go's Unmarshal errs. */
    List<ErrorInfo> errors() {
      JsonValue v = GoDecode.parse(string());
      List<ErrorInfo> out = new ArrayList<>();
      if (v.getValueType() == JsonValue.ValueType.NULL) {
        return out;
      }
      JsonObject o = GoDecode.object(v, "reggie.Error");
      JsonValue errs = GoDecode.field(o, "errors");
      if (errs == null || errs.getValueType() == JsonValue.ValueType.NULL) {
        return out;
      }
      for (JsonValue e : GoDecode.array(errs, "[]reggie.ErrorInfo")) {
        if (e.getValueType() == JsonValue.ValueType.NULL) {
          out.add(new ErrorInfo("", ""));
          continue;
        }
        JsonObject eo = GoDecode.object(e, "reggie.ErrorInfo");
        out.add(new ErrorInfo(GoDecode.string(eo, "code"), GoDecode.string(eo, "message")));
      }
      return out;
    }
  }

  record ErrorInfo(String code, String message) {}

  Response send(Request req) throws IOException, InterruptedException {
    if (INVALID_URL.matcher(req.url).find()) {
      throw new IllegalStateException("request is invalid: " + req.url);
    }
    Response resp = execute(req, null);
    if (resp.statusCode() == 401) {
      resp = retryWithAuth(req, resp);
    }
    return resp;
  }

  private Response execute(Request req, String authorization)
      throws IOException, InterruptedException {
    String target = req.url;
    if (!req.query.isEmpty()) {
      StringBuilder q = new StringBuilder();
      for (Map.Entry<String, String> e : req.query.entrySet()) {
        if (q.length() > 0) {
          q.append('&');
        }
        q.append(queryEscape(e.getKey())).append('=').append(queryEscape(e.getValue()));
      }
      target += (target.contains("?") ? "&" : "?") + q;
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target))
        .timeout(Duration.ofMinutes(2))
        .header("User-Agent", USER_AGENT);
    for (Map.Entry<String, String> h : req.headers.entrySet()) {
      if (!h.getKey().equalsIgnoreCase("Content-Length")) {
        b.header(h.getKey(), h.getValue());
      }
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    // resty sends no payload with GET or HEAD even when one was set
    boolean payload = req.body != null && !req.method.equals("GET") && !req.method.equals("HEAD");
    b.method(req.method, payload
        ? HttpRequest.BodyPublishers.ofByteArray(req.body)
        : HttpRequest.BodyPublishers.noBody());
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    Response resp = new Response(r.statusCode(), r.headers(), r.body() == null ? new byte[0] : r.body());
    if (debug) {
      String log = String.format("--> %s %s %s%n<-- %d %s%n%s", req.method, target, req.headers,
          resp.statusCode(), r.headers().map(), resp.string());
      System.out.println(REDACT.matcher(log).replaceAll("$1$4$5*****$7"));
    }
    return resp;
  }

  /** reggie answers a Basic or Bearer challenge once with the configured credentials. */
  private Response retryWithAuth(Request req, Response original)
      throws IOException, InterruptedException {
    String challenge = original.header("Www-Authenticate");
    if (challenge.isEmpty()) {
      return original;
    }
    String basic = "Basic " + Base64.getEncoder().encodeToString(
        (username + ":" + password).getBytes(StandardCharsets.UTF_8));
    if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
      return execute(req, basic);
    }
    Map<String, String> params = new TreeMap<>();
    Matcher m = AUTH_PARAM.matcher(challenge);
    while (m.find()) {
      params.put(m.group(1).toLowerCase(), m.group(2));
    }
    String realm = params.getOrDefault("realm", "");
    StringBuilder tokenUrl = new StringBuilder(realm);
    tokenUrl.append(realm.contains("?") ? "&" : "?")
        .append("scope=").append(queryEscape(params.getOrDefault("scope", "")))
        .append("&service=").append(queryEscape(params.getOrDefault("service", "")));
    HttpRequest.Builder tb = HttpRequest.newBuilder(URI.create(tokenUrl.toString()))
        .header("User-Agent", USER_AGENT).header("Accept", "application/json").GET();
    if (!username.isEmpty() || !password.isEmpty()) {
      tb.header("Authorization", basic);
    }
    HttpResponse<String> t = http.send(tb.build(), HttpResponse.BodyHandlers.ofString());
    JsonObject token = GoDecode.object(GoDecode.parse(t.body()), "token");
    String value = GoDecode.string(token, "token");
    if (value.isEmpty()) {
      value = GoDecode.string(token, "access_token");
    }
    return execute(req, "Bearer " + value);
  }

  /** Go's url.QueryEscape. */
  static String queryEscape(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        out.append((char) c);
      } else if (c == ' ') {
        out.append('+');
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  /**
   * Just enough of encoding/json's Unmarshal rules to fail where Go would: the top level must
   * match the target type, known fields must have the declared JSON type, field names match
   * case-insensitively, unknown fields and null are accepted.
   */
  static final class GoDecode {

    private GoDecode() {}

    static final class DecodeException extends RuntimeException {
      DecodeException(String message) {
        super(message);
      }
    }

    static JsonValue parse(String text) {
      try (JsonReader r = Json.createReader(new StringReader(text))) {
        return r.readValue();
      } catch (RuntimeException e) {
        throw new DecodeException("invalid JSON: " + e.getMessage());
      }
    }

    static JsonObject object(JsonValue v, String type) {
      if (v.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new DecodeException("cannot unmarshal " + v.getValueType() + " into " + type);
      }
      return v.asJsonObject();
    }

    static JsonArray array(JsonValue v, String type) {
      if (v.getValueType() != JsonValue.ValueType.ARRAY) {
        throw new DecodeException("cannot unmarshal " + v.getValueType() + " into " + type);
      }
      return v.asJsonArray();
    }

    static JsonValue field(JsonObject o, String name) {
      if (o.containsKey(name)) {
        return o.get(name);
      }
      for (Map.Entry<String, JsonValue> e : o.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
      return null;
    }

    /** A string field; absent or null decode to "". */
    static String string(JsonObject o, String name) {
      JsonValue v = field(o, name);
      if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
        return "";
      }
      if (v.getValueType() != JsonValue.ValueType.STRING) {
        throw new DecodeException("cannot unmarshal " + v.getValueType() + " into string " + name);
      }
      return ((jakarta.json.JsonString) v).getString();
    }

    static List<String> strings(JsonObject o, String name) {
      JsonValue v = field(o, name);
      List<String> out = new ArrayList<>();
      if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
        return out;
      }
      for (JsonValue e : array(v, "[]string " + name)) {
        if (e.getValueType() == JsonValue.ValueType.NULL) {
          out.add("");
        } else if (e.getValueType() == JsonValue.ValueType.STRING) {
          out.add(((jakarta.json.JsonString) e).getString());
        } else {
          throw new DecodeException("cannot unmarshal " + e.getValueType() + " into string");
        }
      }
      return out;
    }

    static Map<String, String> stringMap(JsonObject o, String name) {
      JsonValue v = field(o, name);
      Map<String, String> out = new LinkedHashMap<>();
      if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
        return out;
      }
      for (Map.Entry<String, JsonValue> e : object(v, "map[string]string " + name).entrySet()) {
        JsonValue ev = e.getValue();
        if (ev.getValueType() == JsonValue.ValueType.NULL) {
          out.put(e.getKey(), "");
        } else if (ev.getValueType() == JsonValue.ValueType.STRING) {
          out.put(e.getKey(), ((jakarta.json.JsonString) ev).getString());
        } else {
          throw new DecodeException("cannot unmarshal " + ev.getValueType() + " into string");
        }
      }
      return out;
    }

    static void integer(JsonObject o, String name) {
      JsonValue v = field(o, name);
      if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
        return;
      }
      if (v.getValueType() != JsonValue.ValueType.NUMBER
          || !((jakarta.json.JsonNumber) v).isIntegral()) {
        throw new DecodeException("cannot unmarshal " + v + " into integer " + name);
      }
    }

    static void bytes(JsonObject o, String name) {
      String s = string(o, name);
      try {
        Base64.getDecoder().decode(s);
      } catch (IllegalArgumentException e) {
        throw new DecodeException("illegal base64 data in " + name);
      }
    }
  }
}
