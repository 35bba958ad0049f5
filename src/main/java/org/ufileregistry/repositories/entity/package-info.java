/** Repository names, tags and pagination per the distribution spec. */
package org.ufileregistry.repositories.entity;
