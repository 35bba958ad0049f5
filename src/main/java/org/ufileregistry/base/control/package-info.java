/** What every component uses: running independent storage calls side by side. */
package org.ufileregistry.base.control;
