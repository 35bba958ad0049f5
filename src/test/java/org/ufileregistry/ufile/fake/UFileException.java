package org.ufileregistry.ufile.fake;

/**
 * A UFile error reply: HTTP status plus the {@code {RetCode, ErrMsg}} body. Only -148658 (invalid
 * signature) and -30010 (bucket not exist) are documented codes; the others are the fake's own
 * placeholders, so clients should branch on the HTTP status, never on these RetCodes.
 */
class UFileException extends Exception {
  static final int INVALID_SIGNATURE = -148658;
  static final int BUCKET_NOT_EXIST = -30010;
  static final int FILE_NOT_EXIST = -15010;
  static final int INVALID_ARGUMENT = -15001;
  static final int INVALID_RANGE = -15036;
  static final int SERVICE_UNAVAILABLE = -15050;
  static final int INTERNAL = -15000;

  final int status;
  final int retCode;

  UFileException(int status, int retCode, String errMsg) {
    super(errMsg, null, false, false);
    this.status = status;
    this.retCode = retCode;
  }

  static UFileException badRequest(String msg) {
    return new UFileException(400, INVALID_ARGUMENT, msg);
  }

  static UFileException notFound() {
    return new UFileException(404, FILE_NOT_EXIST, "file not exist");
  }

  static UFileException invalidSignature() {
    return new UFileException(403, INVALID_SIGNATURE, "invalid signature");
  }

  String json() {
    return Json.obj().put("RetCode", retCode).put("ErrMsg", getMessage()).toString();
  }
}
