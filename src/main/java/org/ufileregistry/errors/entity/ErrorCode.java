package org.ufileregistry.errors.entity;

/**
 * The registry's one error catalogue: every error a client can see, with the code it reads from
 * the {@code {"errors":[...]}} envelope and the HTTP status it arrives with. The first fourteen are
 * the OCI Distribution Spec's codes; the rest are CNCF Distribution codes that clients already know.
 */
public enum ErrorCode {
  BLOB_UNKNOWN("BLOB_UNKNOWN", 404, "blob unknown to registry"),
  BLOB_UPLOAD_INVALID("BLOB_UPLOAD_INVALID", 400, "blob upload invalid"),
  BLOB_UPLOAD_UNKNOWN("BLOB_UPLOAD_UNKNOWN", 404, "blob upload unknown to registry"),
  DIGEST_INVALID("DIGEST_INVALID", 400, "provided digest did not match uploaded content"),
  MANIFEST_BLOB_UNKNOWN(
      "MANIFEST_BLOB_UNKNOWN", 404, "manifest references a manifest or blob unknown to registry"),
  MANIFEST_INVALID("MANIFEST_INVALID", 400, "manifest invalid"),
  MANIFEST_UNKNOWN("MANIFEST_UNKNOWN", 404, "manifest unknown to registry"),
  NAME_INVALID("NAME_INVALID", 400, "invalid repository name"),
  NAME_UNKNOWN("NAME_UNKNOWN", 404, "repository name not known to registry"),
  SIZE_INVALID("SIZE_INVALID", 400, "provided length did not match content length"),
  UNAUTHORIZED("UNAUTHORIZED", 401, "authentication required"),
  DENIED("DENIED", 403, "requested access to the resource is denied"),
  UNSUPPORTED("UNSUPPORTED", 405, "the operation is unsupported"),
  TOOMANYREQUESTS("TOOMANYREQUESTS", 429, "too many requests"),

  /** A manifest over the size limit: the spec asks for 413 with the SIZE_INVALID code. */
  MANIFEST_TOO_LARGE("SIZE_INVALID", 413, "manifest exceeds the size limit"),
  /** A chunk that does not continue the upload where it stands, or a range past a blob's end. */
  RANGE_INVALID("RANGE_INVALID", 416, "invalid content range"),
  TAG_INVALID("TAG_INVALID", 400, "manifest tag did not match URI"),
  PAGINATION_NUMBER_INVALID("PAGINATION_NUMBER_INVALID", 400, "invalid number of results requested"),
  UNSUPPORTED_MEDIA_TYPE("UNSUPPORTED", 415, "unsupported media type"),
  NOT_ACCEPTABLE("MANIFEST_UNKNOWN", 404, "manifest unknown in an acceptable media type"),
  NOT_FOUND("NOT_FOUND", 404, "no such endpoint"),
  UNAVAILABLE("UNAVAILABLE", 503, "service unavailable"),
  UNKNOWN("UNKNOWN", 500, "unknown error");

  private final String value;
  private final int status;
  private final String message;

  ErrorCode(String value, int status, String message) {
    this.value = value;
    this.status = status;
    this.message = message;
  }

  /** The code as clients read it, e.g. {@code BLOB_UNKNOWN}. */
  public String value() {
    return value;
  }

  public int status() {
    return status;
  }

  public String message() {
    return message;
  }

  /** An exception carrying this code and a detail for the client. */
  public RegistryException with(String detail) {
    return new RegistryException(this, detail);
  }

  public RegistryException with(String detail, Throwable cause) {
    return new RegistryException(this, detail, cause);
  }
}
