package org.ufileregistry.ufile.fake;

import java.time.Instant;
import java.util.Map;

/** What the fake stores about an object; its bytes are on disk. */
public record ObjectInfo(
    String key,
    long size,
    String etag,
    String mimeType,
    String storageClass,
    Map<String, String> userMeta,
    Instant created,
    Instant modified) {}
