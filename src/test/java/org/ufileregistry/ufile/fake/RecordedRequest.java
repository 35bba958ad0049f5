package org.ufileregistry.ufile.fake;

import java.time.Instant;
import java.util.Map;

/**
 * One request as the fake saw it, for assertions such as "FinishMultipartUpload was called with
 * newKey=...".
 *
 * @param key the decoded object key ("" for bucket-level calls)
 * @param query the raw query string as received ("" if none)
 * @param params the decoded query parameters (flags such as {@code uploads} map to "")
 * @param status the HTTP status sent, or 0 if the connection was dropped without one
 * @param bytesIn request body bytes read
 * @param bytesOut object bytes sent in a GetFile body
 * @param fault the injected fault, or null
 */
public record RecordedRequest(
    Instant time,
    String method,
    Operation operation,
    String key,
    String query,
    Map<String, String> params,
    int status,
    long bytesIn,
    long bytesOut,
    FaultKind fault) {

  public String param(String name) {
    return params.get(name);
  }

  @Override
  public String toString() {
    return method + " " + operation.apiName() + " key=" + key + (query.isEmpty() ? "" : " ?" + query)
        + " -> " + (status == 0 ? "reset" : status) + (fault == null ? "" : " fault=" + fault);
  }
}
