package org.ufileregistry;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The registry's HTTP API lives at the root: clients insist on {@code /v2/} there.
 *
 * <p>Every v2 resource class is rooted at {@code @Path("v2")} and spells out the whole route on
 * its methods. Repository names contain slashes and may end in "blobs", "manifests" or
 * "referrers", so per-class roots like {@code v2/{name}/manifests} tie in JAX-RS class matching
 * and the runtime may pick the wrong class; classes sharing one root are matched method by method.
 */
@ApplicationPath("/")
public class RegistryApplication extends Application {}
