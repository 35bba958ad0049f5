package org.ufileregistry.uploads.boundary;

import org.ufileregistry.security.boundary.Requires;
import org.ufileregistry.security.control.AccessControl;
import org.ufileregistry.security.entity.Action;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.ufileregistry.blobs.control.BlobStore;
import org.ufileregistry.metrics.control.RegistryMetrics;
import org.ufileregistry.blobs.entity.Digest;
import org.ufileregistry.repositories.entity.RepositoryName;
import org.ufileregistry.uploads.control.Uploads;
import org.ufileregistry.uploads.entity.ContentRange;
import org.ufileregistry.uploads.entity.UploadId;

/**
 * {@code /v2/<name>/blobs/uploads/}: start, continue, finish and cancel blob uploads, including
 * monolithic pushes and cross-repository mounts.
 */
@Path("v2")
@Consumes(MediaType.WILDCARD)
public class UploadsResource {

  @Inject Uploads uploads;
  @Inject BlobStore blobs;
  @Inject AccessControl access;
  @Inject RegistryMetrics metrics;

  @POST
  @Requires(Action.PUSH)
  @Path("{name: .+}/blobs/uploads")
  public Response start(
      @PathParam("name") String name,
      @QueryParam("digest") String digest,
      @QueryParam("mount") String mount,
      @QueryParam("from") String from,
      InputStream body) {
    RepositoryName repo = RepositoryName.parse(name);
    // A mount from a repository the caller may not read falls back to a plain upload, as in
    // CNCF Distribution: the client then pushes the bytes it has.
    if (mount != null && from != null && access.mayPull(from)) {
      Digest d = Digest.parse(mount);
      if (blobs.mount(repo, RepositoryName.parse(from), d)) {
        return created(repo, d);
      }
    }
    UploadId id = uploads.start(repo);
    if (digest != null) {
      Digest d = Digest.parse(digest);
      uploads.complete(repo, id, d, metrics.countingIn(body), null);
      return created(repo, d);
    }
    return inProgress(repo, id, 0);
  }

  @GET
  @Requires(Action.PUSH)
  @Path("{name: .+}/blobs/uploads/{uuid: [^/]+}")
  public Response status(@PathParam("name") String name, @PathParam("uuid") String uuid) {
    RepositoryName repo = RepositoryName.parse(name);
    UploadId id = UploadId.parse(uuid);
    return Response.noContent()
        .header("Location", location(repo, id))
        .header("Range", range(uploads.offset(repo, id)))
        .header("Docker-Upload-UUID", id.value())
        .build();
  }

  @PATCH
  @Requires(Action.PUSH)
  @Path("{name: .+}/blobs/uploads/{uuid: [^/]+}")
  public Response append(
      @PathParam("name") String name,
      @PathParam("uuid") String uuid,
      @HeaderParam("Content-Range") String contentRange,
      InputStream body) {
    RepositoryName repo = RepositoryName.parse(name);
    UploadId id = UploadId.parse(uuid);
    long offset = uploads.append(repo, id, metrics.countingIn(body), ContentRange.parse(contentRange));
    return inProgress(repo, id, offset);
  }

  @PUT
  @Requires(Action.PUSH)
  @Path("{name: .+}/blobs/uploads/{uuid: [^/]+}")
  public Response complete(
      @PathParam("name") String name,
      @PathParam("uuid") String uuid,
      @QueryParam("digest") String digest,
      @HeaderParam("Content-Range") String contentRange,
      InputStream body) {
    RepositoryName repo = RepositoryName.parse(name);
    UploadId id = UploadId.parse(uuid);
    Digest d = Digest.parse(digest);
    uploads.complete(repo, id, d, metrics.countingIn(body), ContentRange.parse(contentRange));
    return created(repo, d);
  }

  @DELETE
  @Requires(Action.PUSH)
  @Path("{name: .+}/blobs/uploads/{uuid: [^/]+}")
  public Response cancel(@PathParam("name") String name, @PathParam("uuid") String uuid) {
    uploads.cancel(RepositoryName.parse(name), UploadId.parse(uuid));
    return Response.noContent().build();
  }

  private static Response created(RepositoryName repo, Digest digest) {
    return Response.status(Response.Status.CREATED)
        .header("Location", "/v2/" + repo + "/blobs/" + digest)
        .header("Docker-Content-Digest", digest.toString())
        .header("Content-Length", 0)
        .build();
  }

  private static Response inProgress(RepositoryName repo, UploadId id, long offset) {
    return Response.accepted()
        .header("Location", location(repo, id))
        .header("Range", range(offset))
        .header("Docker-Upload-UUID", id.value())
        .header("Content-Length", 0)
        .build();
  }

  private static String location(RepositoryName repo, UploadId id) {
    return "/v2/" + repo + "/blobs/uploads/" + id;
  }

  /** Inclusive range of bytes held; Distribution reports "0-0" for an empty upload too. */
  private static String range(long offset) {
    return "0-" + Math.max(0, offset - 1);
  }
}
