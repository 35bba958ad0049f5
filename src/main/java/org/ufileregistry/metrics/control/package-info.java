/** Registry metrics, recorded into whichever metrics library the server provides. */
package org.ufileregistry.metrics.control;
