package org.ufileregistry.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A minimal HTTP client for tests, speaking to the registry as a registry client would. */
public final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final URI base;
  private final String authorization;

  public Http(URI base) {
    this(base, null);
  }

  /** Every request of this instance carries the given Authorization header. */
  public Http(URI base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  /** The same server as another user: {@code Basic base64(user:password)}. */
  public Http as(String user, String password) {
    return new Http(base, "Basic " + java.util.Base64.getEncoder().encodeToString(
        (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  public URI resolve(String pathOrUrl) {
    return base.resolve(pathOrUrl);
  }

  public HttpRequest.Builder request(String pathOrUrl) {
    HttpRequest.Builder b = HttpRequest.newBuilder(resolve(pathOrUrl)).timeout(Duration.ofMinutes(5));
    return authorization == null ? b : b.header("Authorization", authorization);
  }

  public HttpResponse<byte[]> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new RuntimeException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeException(e);
    }
  }

  public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
    try {
      return CLIENT.send(request.build(), handler);
    } catch (IOException e) {
      throw new RuntimeException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeException(e);
    }
  }

  public HttpResponse<byte[]> get(String path) {
    return send(request(path).GET());
  }

  public HttpResponse<byte[]> head(String path) {
    return send(request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()));
  }

  public HttpResponse<byte[]> delete(String path) {
    return send(request(path).DELETE());
  }

  public HttpResponse<byte[]> post(String path) {
    return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
  }

  public HttpResponse<byte[]> put(String path, String contentType, byte[] body) {
    return send(request(path).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  public HttpResponse<byte[]> patch(String path, byte[] body, String contentRange) {
    HttpRequest.Builder r =
        request(path).header("Content-Type", "application/octet-stream").method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentRange != null) {
      r.header("Content-Range", contentRange);
    }
    return send(r);
  }

  /**
   * Sends raw bytes over a socket and returns the whole response as text: for requests that an
   * HTTP client library refuses to send (lying Content-Length, raw "..", bad escapes).
   */
  public String raw(String request, byte[] body, int readTimeoutMillis) {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(readTimeoutMillis);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      java.io.ByteArrayOutputStream response = new java.io.ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        int n;
        while ((n = in.read(buf)) > 0) {
          response.write(buf, 0, n);
        }
      } catch (java.net.SocketTimeoutException | java.net.SocketException kept) {
        // keep-alive connection or reset after the answer: what arrived is the answer
      }
      return response.toString(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  public static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }
}
