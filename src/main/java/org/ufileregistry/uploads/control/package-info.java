/** Upload sessions kept in storage, streamed and hashed on the fly. */
package org.ufileregistry.uploads.control;
