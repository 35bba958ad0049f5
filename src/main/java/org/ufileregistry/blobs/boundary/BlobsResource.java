package org.ufileregistry.blobs.boundary;

import org.ufileregistry.security.boundary.Requires;
import org.ufileregistry.security.entity.Action;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.ufileregistry.blobs.control.BlobStore;
import org.ufileregistry.blobs.entity.ByteRange;
import org.ufileregistry.blobs.entity.Digest;
import org.ufileregistry.repositories.entity.RepositoryName;

/** {@code /v2/<name>/blobs/<digest>}: fetch, check and delete blobs. */
@Path("v2")
public class BlobsResource {

  @Inject BlobStore blobs;
  @Inject BlobResponses responses;

  @HEAD
  @Requires(Action.PULL)
  @Path("{name: .+}/blobs/{digest: [^/]+}")
  public Response head(@PathParam("name") String name, @PathParam("digest") String digest) {
    Digest d = Digest.parse(digest);
    long size = blobs.size(RepositoryName.parse(name), d);
    return responses.head(d, size);
  }

  @GET
  @Requires(Action.PULL)
  @Path("{name: .+}/blobs/{digest: [^/]+}")
  public Response get(
      @PathParam("name") String name,
      @PathParam("digest") String digest,
      @HeaderParam("Range") String range) {
    Digest d = Digest.parse(digest);
    long size = blobs.size(RepositoryName.parse(name), d);
    return responses.get(d, size, range);
  }

  @DELETE
  @Requires(Action.DELETE)
  @Path("{name: .+}/blobs/{digest: [^/]+}")
  public Response delete(@PathParam("name") String name, @PathParam("digest") String digest) {
    blobs.unlink(RepositoryName.parse(name), Digest.parse(digest));
    return Response.accepted().build();
  }
}
