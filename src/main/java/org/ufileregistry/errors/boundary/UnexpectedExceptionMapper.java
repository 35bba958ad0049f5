package org.ufileregistry.errors.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.ufileregistry.metrics.control.RegistryMetrics;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ufileregistry.errors.entity.ErrorCode;

/**
 * A bug: logs it with an incident id the client also gets, so an operator can find the stack
 * trace without exposing it.
 */
@Provider
@ApplicationScoped
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
  @Inject RegistryMetrics metrics;

  private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

  @Override
  public Response toResponse(Throwable e) {
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "unexpected error, incident " + incident, e);
    return ErrorResponses.of(metrics, ErrorCode.UNKNOWN, "internal error, incident " + incident);
  }
}
