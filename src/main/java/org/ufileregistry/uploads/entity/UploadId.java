package org.ufileregistry.uploads.entity;

import java.util.UUID;
import java.util.regex.Pattern;
import org.ufileregistry.errors.entity.ErrorCode;

/** The id of an upload session: a random UUID, the only form ever accepted back from clients. */
public record UploadId(String value) {
  private static final Pattern UUID_FORM =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  public static UploadId random() {
    return new UploadId(UUID.randomUUID().toString());
  }

  public static UploadId parse(String value) {
    if (value == null || !UUID_FORM.matcher(value).matches()) {
      throw ErrorCode.BLOB_UPLOAD_UNKNOWN.with("no such upload: " + (value == null ? "" : value.length() > 80 ? value.substring(0, 80) : value));
    }
    return new UploadId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
