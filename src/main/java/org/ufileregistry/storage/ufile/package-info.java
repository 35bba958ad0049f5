/** The storage driver on a UCloud UFile bucket: multipart uploads, ranged reads, signed redirects. */
package org.ufileregistry.storage.ufile;
