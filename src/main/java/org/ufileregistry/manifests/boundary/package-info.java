/** HTTP endpoints for pushing, pulling and deleting manifests. */
package org.ufileregistry.manifests.boundary;
