package org.ufileregistry.errors.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.ufileregistry.metrics.control.RegistryMetrics;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ufileregistry.errors.entity.ErrorCode;
import org.ufileregistry.storage.entity.StorageException;

/**
 * A storage failure that the control layer did not translate: the backend is in trouble, so the
 * client is told to retry later. The cause stays in the server log, not in the response.
 */
@Provider
@ApplicationScoped
public class StorageExceptionMapper implements ExceptionMapper<StorageException> {
  @Inject RegistryMetrics metrics;

  private static final Logger LOG = Logger.getLogger(StorageExceptionMapper.class.getName());

  @Override
  public Response toResponse(StorageException e) {
    // One line per failure: an outage makes many of these, and the trace adds nothing then.
    LOG.warning(() -> "storage failure: " + e + (e.getCause() == null ? "" : " (cause: " + e.getCause() + ")"));
    LOG.log(Level.FINE, "storage failure", e);
    return ErrorResponses.of(metrics, ErrorCode.UNAVAILABLE, "storage backend failed; retry later");
  }
}
