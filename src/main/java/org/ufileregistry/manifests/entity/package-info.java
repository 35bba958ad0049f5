/** Manifests, references (tag or digest) and the media types the registry serves. */
package org.ufileregistry.manifests.entity;
