/** Tags as links to manifest descriptors. */
package org.ufileregistry.tags.control;
