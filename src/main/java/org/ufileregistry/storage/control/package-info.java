/** The storage SPI, the single builder of storage paths and the driver producer. */
package org.ufileregistry.storage.control;
