package org.ufileregistry.ufile.fake;

/** One scripted failure, queued with {@link FakeUFile#failNext(Operation, FaultKind)}. */
public enum FaultKind {
  /** 503 with a JSON error body; nothing is changed. */
  UNAVAILABLE,
  /** 500 with a JSON error body; nothing is changed. */
  INTERNAL_ERROR,
  /**
   * The connection is closed without a response and nothing is changed; a GetFile instead sends
   * its headers and half the body first, the way a dropped download looks to a client.
   */
  RESET,
  /**
   * The operation takes full effect, then the connection is closed without a response: the
   * ambiguous failure that makes blind retries of FinishMultipartUpload or Rename unsafe.
   */
  RESET_AFTER_COMMIT
}
