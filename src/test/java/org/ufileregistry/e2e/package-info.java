/**
 * End-to-end tests: the registry deployed in WildFly, driven by real skopeo, docker, podman and
 * containerd processes over 127.0.0.1, with images built offline; needs root and .ci/install-deps.sh.
 */
package org.ufileregistry.e2e;
