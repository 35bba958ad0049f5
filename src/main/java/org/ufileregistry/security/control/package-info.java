/** The access policy (roles and per-repository rules onto actions) and the current caller. */
package org.ufileregistry.security.control;
