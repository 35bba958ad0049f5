/** The storage driver on a local (or shared) filesystem. */
package org.ufileregistry.storage.filesystem;
