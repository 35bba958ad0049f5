package org.ufileregistry.errors.boundary;

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
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
  @Override
  public Response toResponse(WebApplicationException e) {
    if (e instanceof NotFoundException) {
      return ErrorResponses.of(ErrorCode.NOT_FOUND, null);
    }
    if (e instanceof NotAllowedException) {
      Response r = ErrorResponses.of(ErrorCode.UNSUPPORTED, "method not allowed on this endpoint");
      return Response.fromResponse(r).status(405).allow(e.getResponse().getAllowedMethods()).build();
    }
    if (e instanceof NotSupportedException) {
      return ErrorResponses.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, null);
    }
    int status = e.getResponse().getStatus();
    return status >= 500
        ? ErrorResponses.of(ErrorCode.UNKNOWN, null)
        : Response.fromResponse(ErrorResponses.of(ErrorCode.UNSUPPORTED, e.getMessage())).status(status).build();
  }
}
