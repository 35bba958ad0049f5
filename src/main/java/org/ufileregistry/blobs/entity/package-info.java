/** Digests, descriptors and byte ranges: the values blobs are addressed and served by. */
package org.ufileregistry.blobs.entity;
