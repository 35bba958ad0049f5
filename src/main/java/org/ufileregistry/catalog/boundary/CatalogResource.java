package org.ufileregistry.catalog.boundary;

import org.ufileregistry.security.boundary.Requires;
import org.ufileregistry.security.entity.Action;
import org.ufileregistry.base.entity.Jsons;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.ufileregistry.repositories.control.Repositories;
import org.ufileregistry.repositories.entity.Page;

/** {@code GET /v2/_catalog}: repository names, paged with {@code n} and {@code last}. */
@Path("v2")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

  @Inject Repositories repositories;

  @GET
  @Requires(Action.CATALOG)
  @Path("_catalog")
  public Response list(@QueryParam("n") String n, @QueryParam("last") String last) {
    Integer limit = Page.parseN(n);
    var names = repositories.list(last, limit == null ? Integer.MAX_VALUE - 1 : limit);
    Page page = Page.of(names, n, null);
    var body = Jsons.createObjectBuilder().add("repositories", Jsons.createArrayBuilder(page.items()));
    return page.link("/v2/_catalog", Response.ok(body.build().toString())).build();
  }
}
