package org.ufileregistry.errors.boundary;

import org.ufileregistry.base.entity.Jsons;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.ufileregistry.errors.entity.ErrorCode;

/** Builds the spec's error envelope {@code {"errors":[{code,message,detail}]}}. */
final class ErrorResponses {
  private ErrorResponses() {}

  static Response of(ErrorCode code, String detail) {
    var error = Jsons.createObjectBuilder().add("code", code.value()).add("message", code.message());
    if (detail != null) {
      error.add("detail", detail);
    }
    String body = Jsons.createObjectBuilder().add("errors", Jsons.createArrayBuilder().add(error)).build().toString();
    return Response.status(code.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }
}
