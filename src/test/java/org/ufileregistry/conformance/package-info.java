/**
 * A JUnit 5 port of the OCI distribution-spec conformance suite (its Ginkgo {@code conformance/}
 * folder), run against the deployed WAR so CI shows the registry passes pull, push, content
 * discovery and content management. Knobs keep the suite's environment names as system
 * properties, e.g. {@code -DOCI_DELETE_MANIFEST_BEFORE_BLOBS=0}, {@code -DOCI_AUTOMATIC_CROSSMOUNT=1},
 * {@code -DOCI_ROOT_URL=http://host:5000} to run against another registry, {@code -DOCI_DEBUG=1}.
 */
package org.ufileregistry.conformance;
