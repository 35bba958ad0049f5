package org.ufileregistry.ufile.entity;

/** An initiated multipart upload: its id and the block size every part but the last must have. */
public record MultipartUpload(String uploadId, int blockSize) {}
