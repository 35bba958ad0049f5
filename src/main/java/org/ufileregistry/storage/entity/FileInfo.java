package org.ufileregistry.storage.entity;

import java.time.Instant;

/** What {@code stat} knows about a storage path. Directories report size 0. */
public record FileInfo(String path, long size, Instant modTime, boolean directory) {}
