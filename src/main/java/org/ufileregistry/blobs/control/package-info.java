/** Content-addressed blob storage and the links that let a repository serve a blob. */
package org.ufileregistry.blobs.control;
