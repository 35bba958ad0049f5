/** Actions, roles, callers, credentials and repository rules. */
package org.ufileregistry.security.entity;
