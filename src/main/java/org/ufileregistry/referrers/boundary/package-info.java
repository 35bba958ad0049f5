/** The OCI 1.1 referrers API. */
package org.ufileregistry.referrers.boundary;
