package org.ufileregistry.referrers.boundary;

import org.ufileregistry.security.boundary.Requires;
import org.ufileregistry.security.entity.Action;
import org.ufileregistry.base.entity.Jsons;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.ufileregistry.blobs.entity.Descriptor;
import org.ufileregistry.blobs.entity.Digest;
import org.ufileregistry.manifests.control.ManifestStore;
import org.ufileregistry.manifests.entity.MediaTypes;
import org.ufileregistry.repositories.entity.RepositoryName;

/**
 * {@code GET /v2/<name>/referrers/<digest>}: an OCI index of the manifests whose subject is the
 * digest, optionally filtered by {@code artifactType}. An unknown subject has no referrers (200).
 */
@Path("v2")
public class ReferrersResource {

  @Inject ManifestStore manifests;

  @GET
  @Requires(Action.PULL)
  @Path("{name: .+}/referrers/{digest: [^/]+}")
  public Response list(
      @PathParam("name") String name,
      @PathParam("digest") String digest,
      @QueryParam("artifactType") String artifactType) {
    RepositoryName repo = RepositoryName.parse(name);
    Digest subject = Digest.parse(digest);
    String filter = artifactType == null || artifactType.isEmpty() ? null : artifactType;
    var list = Jsons.createArrayBuilder();
    for (Descriptor d : manifests.referrers(repo, subject, filter)) {
      list.add(d.toJson());
    }
    String index =
        Jsons.createObjectBuilder()
            .add("schemaVersion", 2)
            .add("mediaType", MediaTypes.OCI_INDEX)
            .add("manifests", list)
            .build()
            .toString();
    Response.ResponseBuilder r = Response.ok(index).type(MediaTypes.OCI_INDEX);
    if (filter != null) {
      r.header("OCI-Filters-Applied", "artifactType");
    }
    return r.build();
  }
}
