/** Manifest parsing, validation, storage, content negotiation and the referrers index. */
package org.ufileregistry.manifests.control;
