/** The storage driver in the heap, for tests and throw-away registries. */
package org.ufileregistry.storage.inmemory;
