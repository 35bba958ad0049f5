/** MicroProfile Health checks: readiness follows the storage backend. */
package org.ufileregistry.health.boundary;
