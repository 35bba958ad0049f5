package org.ufileregistry.blobs.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ufileregistry.blobs.control.BlobStore;
import org.ufileregistry.blobs.entity.ByteRange;
import org.ufileregistry.blobs.entity.Digest;
import org.ufileregistry.metrics.control.RegistryMetrics;

/** Builds blob responses: headers, ranges, redirects, and a streamed body. */
@ApplicationScoped
public class BlobResponses {
  private static final int BUFFER = 256 * 1024;

  @Inject BlobStore blobs;
  @Inject RegistryMetrics metrics;

  @Inject
  @ConfigProperty(name = "registry.storage.redirect", defaultValue = "false")
  boolean redirect;

  Response head(Digest digest, long size) {
    return Response.ok()
        .header("Content-Length", size)
        .header("Content-Type", "application/octet-stream")
        .header("Docker-Content-Digest", digest.toString())
        .header("Accept-Ranges", "bytes")
        .header("ETag", "\"" + digest + "\"")
        .build();
  }

  Response get(Digest digest, long size, String rangeHeader) {
    if (redirect) {
      Optional<URI> url = blobs.redirect("GET", digest);
      if (url.isPresent()) {
        return Response.temporaryRedirect(url.get()).header("Docker-Content-Digest", digest.toString()).build();
      }
    }
    ByteRange range;
    try {
      range = ByteRange.parse(rangeHeader, size);
    } catch (ByteRange.Unsatisfiable e) {
      return Response.status(416)
          .header("Content-Range", "bytes */" + size)
          .header("Docker-Content-Digest", digest.toString())
          .build();
    }
    long offset = range == null ? 0 : range.start();
    long length = range == null ? size : range.length();
    // Opened before the response is committed, so a missing blob still gets a clean 404.
    InputStream in = blobs.open(digest, offset);
    StreamingOutput body =
        out -> {
          try (in) {
            byte[] buf = new byte[BUFFER];
            long remaining = length;
            while (remaining > 0) {
              int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
              if (n < 0) {
                break;
              }
              out.write(buf, 0, n);
              metrics.bytesOut(n);
              remaining -= n;
            }
          }
        };
    Response.ResponseBuilder r =
        Response.status(range == null ? 200 : 206)
            .entity(body)
            .header("Content-Length", length)
            .header("Content-Type", "application/octet-stream")
            .header("Docker-Content-Digest", digest.toString())
            .header("Accept-Ranges", "bytes")
            .header("ETag", "\"" + digest + "\"");
    if (range != null) {
      r.header("Content-Range", range.contentRange());
    }
    return r.build();
  }
}
