package org.ufileregistry.manifests.boundary;

import org.ufileregistry.metrics.control.RegistryMetrics;
import org.ufileregistry.security.boundary.Requires;
import org.ufileregistry.security.entity.Action;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import org.ufileregistry.blobs.entity.Descriptor;
import org.ufileregistry.errors.entity.ErrorCode;
import org.ufileregistry.manifests.control.ContentNegotiation;
import org.ufileregistry.manifests.control.ManifestStore;
import org.ufileregistry.manifests.entity.Reference;
import org.ufileregistry.repositories.entity.RepositoryName;

/** {@code /v2/<name>/manifests/<reference>}: push, pull, check and delete manifests. */
@Path("v2")
@Consumes(MediaType.WILDCARD)
public class ManifestsResource {

  @Inject ManifestStore manifests;
  @Inject RegistryMetrics metrics;

  @HEAD
  @Requires(Action.PULL)
  @Path("{name: .+}/manifests/{reference: [^/]+}")
  public Response head(
      @PathParam("name") String name,
      @PathParam("reference") String reference,
      @Context HttpHeaders headers) {
    Descriptor d = find(name, reference, headers);
    return described(Response.ok(), d).build();
  }

  @GET
  @Requires(Action.PULL)
  @Path("{name: .+}/manifests/{reference: [^/]+}")
  public Response get(
      @PathParam("name") String name,
      @PathParam("reference") String reference,
      @Context HttpHeaders headers) {
    Descriptor d = find(name, reference, headers);
    Response r = described(Response.ok(manifests.content(d)), d).build();
    metrics.pulled();
    return r;
  }

  @PUT
  @Requires(Action.PUSH)
  @Path("{name: .+}/manifests/{reference: [^/]+}")
  public Response put(
      @PathParam("name") String name,
      @PathParam("reference") String reference,
      @HeaderParam("Content-Type") String contentType,
      InputStream body) {
    RepositoryName repo = RepositoryName.parse(name);
    ManifestStore.Pushed pushed =
        manifests.put(repo, Reference.parse(reference), readBounded(body), contentType);
    Response.ResponseBuilder r =
        Response.status(Response.Status.CREATED)
            .header("Location", "/v2/" + repo + "/manifests/" + pushed.digest())
            .header("Docker-Content-Digest", pushed.digest().toString())
            .header("Content-Length", 0);
    if (pushed.subject() != null) {
      r.header("OCI-Subject", pushed.subject().toString());
    }
    metrics.pushed();
    return r.build();
  }

  @DELETE
  @Requires(Action.DELETE)
  @Path("{name: .+}/manifests/{reference: [^/]+}")
  public Response delete(@PathParam("name") String name, @PathParam("reference") String reference) {
    manifests.delete(RepositoryName.parse(name), Reference.lookup(reference));
    return Response.accepted().build();
  }

  private Descriptor find(String name, String reference, HttpHeaders headers) {
    Descriptor d = manifests.describe(RepositoryName.parse(name), Reference.lookup(reference));
    ContentNegotiation.requireAcceptable(d, headers.getRequestHeader(HttpHeaders.ACCEPT));
    return d;
  }

  private static Response.ResponseBuilder described(Response.ResponseBuilder r, Descriptor d) {
    return r.header("Content-Type", d.mediaType())
        .header("Content-Length", d.size())
        .header("Docker-Content-Digest", d.digest().toString())
        .header("ETag", "\"" + d.digest() + "\"");
  }

  /** Reads at most one byte more than a manifest may have, so a huge body cannot fill the heap. */
  private static byte[] readBounded(InputStream body) {
    try {
      return body == null ? new byte[0] : body.readNBytes(ManifestStore.MAX_MANIFEST_BYTES + 1);
    } catch (IOException e) {
      throw ErrorCode.MANIFEST_INVALID.with("request body ended early");
    }
  }
}
