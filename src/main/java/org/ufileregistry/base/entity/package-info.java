/** Small shared values and helpers of the HTTP layer. */
package org.ufileregistry.base.entity;
