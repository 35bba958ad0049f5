package org.ufileregistry.errors.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.ufileregistry.metrics.control.RegistryMetrics;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.ufileregistry.errors.entity.ErrorCode;

/**
 * The storage backend timed out, or the circuit breaker is open because it keeps failing: the
 * client gets 503 UNAVAILABLE at once and retries later.
 */
@Provider
@ApplicationScoped
public class FaultToleranceExceptionMapper implements ExceptionMapper<FaultToleranceException> {
  @Inject RegistryMetrics metrics;

  private static final Logger LOG = Logger.getLogger(FaultToleranceExceptionMapper.class.getName());

  @Override
  public Response toResponse(FaultToleranceException e) {
    LOG.warning(() -> "storage backend unavailable: " + e);
    return ErrorResponses.of(metrics, ErrorCode.UNAVAILABLE, "storage backend unavailable; retry later");
  }
}
