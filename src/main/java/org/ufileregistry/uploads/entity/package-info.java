/** Upload ids and the Content-Range a chunk claims. */
package org.ufileregistry.uploads.entity;
