package org.ufileregistry.manifests.control;

import java.util.List;
import org.ufileregistry.blobs.entity.Descriptor;
import org.ufileregistry.errors.entity.ErrorCode;
import org.ufileregistry.manifests.entity.MediaTypes;

/**
 * Decides whether a stored manifest may be served for a request's Accept headers. Like
 * Distribution, a client that lists media types but not the stored one gets MANIFEST_UNKNOWN
 * rather than content it says it cannot parse; no Accept, or a wildcard, accepts anything.
 */
public final class ContentNegotiation {
  private ContentNegotiation() {}

  public static void requireAcceptable(Descriptor manifest, List<String> acceptHeaders) {
    if (acceptHeaders == null || acceptHeaders.isEmpty()) {
      return;
    }
    boolean listed = false;
    for (String header : acceptHeaders) {
      for (String range : header.split(",")) {
        String type = MediaTypes.essence(range);
        if (type == null || type.isEmpty()) {
          continue;
        }
        listed = true;
        if (type.equals("*/*") || type.equals("application/*") || type.equals(manifest.mediaType())) {
          return;
        }
      }
    }
    if (listed) {
      throw ErrorCode.NOT_ACCEPTABLE.with(
          "manifest is " + manifest.mediaType() + ", which the Accept header does not list");
    }
  }
}
