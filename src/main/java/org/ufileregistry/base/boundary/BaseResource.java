package org.ufileregistry.base.boundary;

import org.ufileregistry.security.boundary.Requires;
import org.ufileregistry.security.entity.Action;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v2/}: the API version check every client starts with. */
@Path("v2")
public class BaseResource {
  @GET
  @Requires(Action.LOGIN)
  @Produces(MediaType.APPLICATION_JSON)
  public String check() {
    return "{}";
  }
}
