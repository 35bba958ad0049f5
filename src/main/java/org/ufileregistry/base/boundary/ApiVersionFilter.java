package org.ufileregistry.base.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/** Clients recognise a v2 registry by this header, on every response including errors. */
@Provider
public class ApiVersionFilter implements ContainerResponseFilter {
  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    response.getHeaders().putSingle("Docker-Distribution-API-Version", "registry/2.0");
  }
}
