/** The API version check and headers every v2 response carries. */
package org.ufileregistry.base.boundary;
