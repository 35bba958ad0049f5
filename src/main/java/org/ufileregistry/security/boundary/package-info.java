/**
 * Security: Basic credentials checked by the server's realm, then the registry's own decision of
 * who may pull, push, delete and list, per action annotated on each resource method.
 */
package org.ufileregistry.security.boundary;
