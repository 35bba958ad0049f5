/** Which repositories exist: catalog walk and search. */
package org.ufileregistry.repositories.control;
