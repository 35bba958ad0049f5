package org.ufileregistry.errors.boundary;

import org.ufileregistry.base.entity.Jsons;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.ufileregistry.errors.entity.ErrorCode;
import org.ufileregistry.metrics.control.RegistryMetrics;

/** Builds the spec's error envelope {@code {"errors":[{code,message,detail}]}}. */
final class ErrorResponses {
  private ErrorResponses() {}

  /** Every error response is built here, so this is where errors are counted by code. */
  static Response of(RegistryMetrics metrics, ErrorCode code, String detail) {
    metrics.error(code.value());
    var error = Jsons.createObjectBuilder().add("code", code.value()).add("message", code.message());
    if (detail != null) {
      error.add("detail", detail);
    }
    String body = Jsons.createObjectBuilder().add("errors", Jsons.createArrayBuilder().add(error)).build().toString();
    return Response.status(code.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }
}
