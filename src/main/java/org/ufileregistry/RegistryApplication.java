package org.ufileregistry;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * The registry's HTTP API lives at the root: clients insist on {@code /v2/} there.
 *
 * <p>Every v2 resource class is rooted at {@code @Path("v2")} and spells out the whole route on
 * its methods. Repository names contain slashes and may end in "blobs", "manifests" or
 * "referrers", so per-class roots like {@code v2/{name}/manifests} tie in JAX-RS class matching
 * and the runtime may pick the wrong class; classes sharing one root are matched method by method.
 *
 * <p>Location headers go out as the resources write them, relative ({@code /v2/...}), as
 * Distribution sends them. Jersey (Payara, GlassFish) would otherwise rewrite every relative
 * Location into an absolute URL built from the request's Host header, which names the wrong host
 * and scheme behind a TLS-terminating proxy; the property below turns that off. RESTEasy (WildFly,
 * Open Liberty) leaves Location alone and ignores the key.
 */
@ApplicationPath("/")
public class RegistryApplication extends Application {
  @Override
  public Map<String, Object> getProperties() {
    return Map.of("jersey.config.server.headers.location.relative.resolution.disabled", Boolean.TRUE);
  }
}
