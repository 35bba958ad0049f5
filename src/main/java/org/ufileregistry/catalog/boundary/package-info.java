/** The repository catalog endpoint. */
package org.ufileregistry.catalog.boundary;
