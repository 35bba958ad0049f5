package org.ufileregistry.ufile.entity;

import java.time.Instant;

/** What HeadFile or ListObjects tells about one object. */
public record UFileObject(String key, long size, Instant modified) {}
