package org.ufileregistry.tags.boundary;

import org.ufileregistry.security.boundary.Requires;
import org.ufileregistry.security.entity.Action;
import org.ufileregistry.base.entity.Jsons;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.ufileregistry.repositories.entity.Page;
import org.ufileregistry.repositories.entity.RepositoryName;
import org.ufileregistry.tags.control.TagStore;

/** {@code GET /v2/<name>/tags/list}, paged with {@code n} and {@code last}. */
@Path("v2")
@Produces(MediaType.APPLICATION_JSON)
public class TagsResource {

  @Inject TagStore tags;

  @GET
  @Requires(Action.PULL)
  @Path("{name: .+}/tags/list")
  public Response list(
      @PathParam("name") String name, @QueryParam("n") String n, @QueryParam("last") String last) {
    RepositoryName repo = RepositoryName.parse(name);
    Page page = Page.of(tags.list(repo), n, last);
    var body =
        Jsons.createObjectBuilder()
            .add("name", repo.value())
            .add("tags", Jsons.createArrayBuilder(page.items()));
    return page.link("/v2/" + repo + "/tags/list", Response.ok(body.build().toString())).build();
  }
}
