/** The tags list endpoint. */
package org.ufileregistry.tags.boundary;
