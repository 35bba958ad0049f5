/** Exception mappers: every failure leaves as the spec's JSON error envelope. */
package org.ufileregistry.errors.boundary;
