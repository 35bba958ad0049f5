/** The UFile HTTP API client (Jakarta REST client, Fault Tolerance) and its request signer. */
package org.ufileregistry.ufile.control;
