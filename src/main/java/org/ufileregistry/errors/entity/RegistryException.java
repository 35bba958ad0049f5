package org.ufileregistry.errors.entity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown anywhere below the resources to end a request with a catalogued error; one mapper turns
 * it into the spec's JSON envelope. The detail is shown to the client, so it never carries
 * secrets or stack traces.
 */
public class RegistryException extends RuntimeException {
  private final ErrorCode code;
  private final String detail;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public RegistryException(ErrorCode code, String detail) {
    super(code.value() + ": " + detail);
    this.code = code;
    this.detail = detail;
  }

  public RegistryException(ErrorCode code, String detail, Throwable cause) {
    super(code.value() + ": " + detail, cause);
    this.code = code;
    this.detail = detail;
  }

  public ErrorCode code() {
    return code;
  }

  public String detail() {
    return detail;
  }

  /** A header the error response must carry, such as the challenge of a 401. */
  public RegistryException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public Map<String, String> headers() {
    return Collections.unmodifiableMap(headers);
  }
}
