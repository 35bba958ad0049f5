package org.ufileregistry.ufile.fake;

/** The UFile operations the fake recognises, named as in the UFile API documentation. */
public enum Operation {
  PUT_FILE("PutFile"),
  GET_FILE("GetFile"),
  HEAD_FILE("HeadFile"),
  DELETE_FILE("DeleteFile"),
  COPY_FILE("CopyFile"),
  RENAME_FILE("RenameFile"),
  PREFIX_FILE_LIST("PrefixFileList"),
  LIST_OBJECTS("ListObjects"),
  INITIATE_MULTIPART_UPLOAD("InitiateMultipartUpload"),
  UPLOAD_PART("UploadPart"),
  UPLOAD_PART_COPY("UploadPartCopy"),
  FINISH_MULTIPART_UPLOAD("FinishMultipartUpload"),
  ABORT_MULTIPART_UPLOAD("AbortMultipartUpload"),
  LIST_PARTS("ListParts"),
  LIST_UPLOADS("GetMultiUploadId"),
  /** Anything the fake cannot route; answered 400 and still logged, so client bugs show up. */
  UNKNOWN("Unknown");

  private final String apiName;

  Operation(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }

  /** Accepts the API name ("GetFile") or the constant name ("GET_FILE"), for the admin endpoint. */
  public static Operation parse(String name) {
    for (Operation op : values()) {
      if (op.apiName.equalsIgnoreCase(name) || op.name().equalsIgnoreCase(name)) {
        return op;
      }
    }
    throw new IllegalArgumentException("unknown operation " + name);
  }
}
