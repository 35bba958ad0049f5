package org.ufileregistry.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A loopback TCP proxy in front of the registry that records each HTTP request line and its
 * headers as the client sent them, bytes passed through untouched. It shows which upload path a
 * client really took (one PATCH, chunked PATCH, monolithic PUT), so a test that claims to cover a
 * path fails if a client stops using it. A TLS ClientHello (the clients' https probe) is piped raw.
 */
final class RecordingProxy implements AutoCloseable {

  /** One request as the client sent it; header names lower-cased, body only counted. */
  record Request(String method, String target, Map<String, String> headers, long bodyBytes) {
    String header(String name) {
      return headers.getOrDefault(name, "");
    }

    /** The target with %-escapes decoded: clients differ in whether they escape ':' and '/'. */
    String decodedTarget() {
      return java.net.URLDecoder.decode(target, StandardCharsets.UTF_8);
    }

    String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }

    @Override
    public String toString() {
      return method + " " + target + " " + headers + " body=" + bodyBytes;
    }
  }

  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());

  private RecordingProxy(InetSocketAddress upstream) throws IOException {
    this.upstream = upstream;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "e2e-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** Proxies to {@code host:port} (the registry under test). */
  static RecordingProxy to(String hostAndPort) throws IOException {
    int colon = hostAndPort.lastIndexOf(':');
    return new RecordingProxy(new InetSocketAddress(hostAndPort.substring(0, colon),
        Integer.parseInt(hostAndPort.substring(colon + 1))));
  }

  /** host:port for image references that go through the proxy. */
  String host() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  String describe() {
    StringBuilder sb = new StringBuilder("--- requests seen by the proxy\n");
    requests().forEach(r -> sb.append(r).append('\n'));
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (sockets) {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket registry = new Socket(upstream.getAddress(), upstream.getPort());
        sockets.add(client);
        sockets.add(registry);
        daemon(() -> clientToRegistry(client, registry));
        daemon(() -> pipe(registry, client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "e2e-proxy-conn");
    t.setDaemon(true);
    t.start();
  }

  private void clientToRegistry(Socket client, Socket registry) {
    try (InputStream in = new BufferedInputStream(client.getInputStream())) {
      OutputStream out = registry.getOutputStream();
      in.mark(1);
      int first = in.read();
      if (first < 0) {
        return;
      }
      in.reset();
      if (first == 0x16) {
        in.transferTo(out);
        return;
      }
      // Requests on one connection follow each other (no client here pipelines), so parsing each
      // body's framing is enough to find where the next request starts.
      while (true) {
        String requestLine = line(in, out);
        if (requestLine == null) {
          return;
        }
        if (requestLine.isEmpty()) {
          continue;
        }
        Map<String, String> headers = new TreeMap<>();
        for (String h = line(in, out); h != null && !h.isEmpty(); h = line(in, out)) {
          int colon = h.indexOf(':');
          if (colon > 0) {
            headers.merge(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim(),
                (a, b) -> a + ", " + b);
          }
        }
        long body;
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
          body = chunked(in, out);
        } else {
          body = copy(in, out, Long.parseLong(headers.getOrDefault("content-length", "0")));
        }
        String[] parts = requestLine.split(" ");
        requests.add(new Request(parts[0], parts.length > 1 ? parts[1] : "", headers, body));
        out.flush();
      }
    } catch (IOException | RuntimeException closed) {
      // connection ended, or a client spoke something that is not HTTP/1.1; nothing to record
    } finally {
      try {
        registry.shutdownOutput();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException closed) {
      // the other side went away
    } finally {
      try {
        to.shutdownOutput();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  /** Reads one CRLF-terminated line, forwarding it; null at end of stream. */
  private static String line(InputStream in, OutputStream out) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      buf.write(b);
      if (b == '\n') {
        break;
      }
    }
    if (buf.size() == 0) {
      return null;
    }
    out.write(buf.toByteArray());
    return buf.toString(StandardCharsets.ISO_8859_1).replaceAll("\r?\n$", "");
  }

  private static long chunked(InputStream in, OutputStream out) throws IOException {
    long total = 0;
    while (true) {
      String sizeLine = line(in, out);
      if (sizeLine == null) {
        return total;
      }
      long size = Long.parseLong(sizeLine.split(";")[0].trim(), 16);
      if (size == 0) {
        for (String trailer = line(in, out); trailer != null && !trailer.isEmpty(); trailer = line(in, out)) {
          // trailers forwarded as read
        }
        return total;
      }
      total += copy(in, out, size);
      line(in, out);
    }
  }

  private static long copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long left = n;
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        throw new IOException("body ended early");
      }
      out.write(buf, 0, r);
      left -= r;
    }
    return n;
  }
}
