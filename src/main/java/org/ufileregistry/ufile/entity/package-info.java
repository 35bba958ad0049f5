/** What UFile answers: objects, listings, multipart uploads, and its two kinds of failure. */
package org.ufileregistry.ufile.entity;
