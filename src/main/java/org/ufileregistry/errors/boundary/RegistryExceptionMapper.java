package org.ufileregistry.errors.boundary;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.ufileregistry.errors.entity.RegistryException;

/** The one place a catalogued error becomes an HTTP response. */
@Provider
public class RegistryExceptionMapper implements ExceptionMapper<RegistryException> {
  @Override
  public Response toResponse(RegistryException e) {
    Response response = ErrorResponses.of(e.code(), e.detail());
    if (e.headers().isEmpty()) {
      return response;
    }
    Response.ResponseBuilder withHeaders = Response.fromResponse(response);
    e.headers().forEach(withHeaders::header);
    return withHeaders.build();
  }
}
