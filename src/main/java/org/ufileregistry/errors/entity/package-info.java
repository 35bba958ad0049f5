/** The error catalogue and the exception that carries a catalogued error. */
package org.ufileregistry.errors.entity;
