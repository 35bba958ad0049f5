/** HTTP endpoints of the blob upload protocol (sessions, chunks, monolithic pushes, mounts). */
package org.ufileregistry.uploads.boundary;
