package org.ufileregistry.errors.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.ufileregistry.metrics.control.RegistryMetrics;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.ufileregistry.errors.entity.RegistryException;

/** The one place a catalogued error becomes an HTTP response. */
@Provider
@ApplicationScoped
public class RegistryExceptionMapper implements ExceptionMapper<RegistryException> {
  @Inject RegistryMetrics metrics;

  @Override
  public Response toResponse(RegistryException e) {
    Response response = ErrorResponses.of(metrics, e.code(), e.detail());
    if (e.headers().isEmpty()) {
      return response;
    }
    Response.ResponseBuilder withHeaders = Response.fromResponse(response);
    e.headers().forEach(withHeaders::header);
    return withHeaders.build();
  }
}
