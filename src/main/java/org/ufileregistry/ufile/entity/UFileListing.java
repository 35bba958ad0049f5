package org.ufileregistry.ufile.entity;

import java.util.List;

/** One page of ListObjects: objects, common prefixes (with delimiter "/"), and the next marker. */
public record UFileListing(List<UFileObject> objects, List<String> prefixes, String nextMarker, boolean truncated) {}
