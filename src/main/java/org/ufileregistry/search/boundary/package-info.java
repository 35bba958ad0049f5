/** The v1 ping and search endpoints that docker search still calls. */
package org.ufileregistry.search.boundary;
