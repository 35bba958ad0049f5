package org.ufileregistry.errors.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.ufileregistry.metrics.control.RegistryMetrics;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.ufileregistry.errors.entity.ErrorCode;

/** Errors raised by the JAX-RS runtime itself (no route, wrong method) in the spec's envelope. */
@Provider
@ApplicationScoped
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
  @Inject RegistryMetrics metrics;

  @Override
  public Response toResponse(WebApplicationException e) {
    if (e instanceof NotFoundException) {
      return ErrorResponses.of(metrics, ErrorCode.NOT_FOUND, null);
    }
    if (e instanceof NotAllowedException) {
      Response r = ErrorResponses.of(metrics, ErrorCode.UNSUPPORTED, "method not allowed on this endpoint");
      return Response.fromResponse(r).status(405).allow(e.getResponse().getAllowedMethods()).build();
    }
    if (e instanceof NotSupportedException) {
      return ErrorResponses.of(metrics, ErrorCode.UNSUPPORTED_MEDIA_TYPE, null);
    }
    int status = e.getResponse().getStatus();
    return status >= 500
        ? ErrorResponses.of(metrics, ErrorCode.UNKNOWN, null)
        : Response.fromResponse(ErrorResponses.of(metrics, ErrorCode.UNSUPPORTED, e.getMessage())).status(status).build();
  }
}
