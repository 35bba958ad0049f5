/** What storage reports: file info and the SPI's exceptions. */
package org.ufileregistry.storage.entity;
