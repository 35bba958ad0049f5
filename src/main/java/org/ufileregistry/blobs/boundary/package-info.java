/** HTTP endpoints for fetching, checking and deleting blobs. */
package org.ufileregistry.blobs.boundary;
