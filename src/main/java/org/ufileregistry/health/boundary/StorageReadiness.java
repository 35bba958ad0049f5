package org.ufileregistry.health.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.ufileregistry.storage.control.StorageDriver;

/** Ready while the storage backend answers: a stat of the storage root succeeds. */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {

  @Inject StorageDriver driver;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("storage").withData("backend", driver.name());
    try {
      driver.stat("/");
      return response.up().build();
    } catch (RuntimeException e) {
      // The reason, not the stack trace: health output is often public.
      return response.down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
