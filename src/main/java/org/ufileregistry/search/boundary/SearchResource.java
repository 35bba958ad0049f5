package org.ufileregistry.search.boundary;

import jakarta.annotation.security.PermitAll;
import org.ufileregistry.security.boundary.Requires;
import org.ufileregistry.security.control.AccessControl;
import org.ufileregistry.security.entity.Action;
import org.ufileregistry.base.entity.Jsons;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.ufileregistry.errors.entity.ErrorCode;
import org.ufileregistry.repositories.control.Repositories;

/**
 * The two v1 endpoints {@code docker search} still calls: it pings {@code /v1/_ping}, then reads
 * {@code /v1/search?q=&n=} in the v1 JSON form. Everything else of v1 is gone.
 */
@Path("v1")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {
  /** The docker CLI's own bounds for {@code --limit}. */
  private static final int DEFAULT_N = 25;
  private static final int MAX_N = 100;

  @Inject Repositories repositories;
  @Inject AccessControl access;

  @GET
  @PermitAll
  @Path("_ping")
  public Response ping() {
    return Response.ok("{}")
        .header("X-Docker-Registry-Version", "0.9.1")
        .header("X-Docker-Registry-Standalone", "true")
        .build();
  }

  @GET
  @Requires(Action.SEARCH)
  @Path("search")
  public Response search(@QueryParam("q") String q, @QueryParam("n") String n) {
    int limit = limit(n);
    String query = q == null ? "" : q.trim();
    List<String> names = repositories.search(query, limit, access::mayPull);
    var results = Jsons.createArrayBuilder();
    for (String name : names) {
      results.add(
          Jsons.createObjectBuilder()
              .add("name", name)
              .add("description", "")
              .add("star_count", 0)
              .add("is_official", false)
              .add("is_automated", false));
    }
    var body =
        Jsons.createObjectBuilder()
            .add("num_results", names.size())
            .add("query", query)
            .add("page", 1)
            .add("page_size", limit)
            .add("results", results);
    return Response.ok(body.build().toString()).build();
  }

  private static int limit(String n) {
    if (n == null || n.isEmpty()) {
      return DEFAULT_N;
    }
    try {
      int value = Integer.parseInt(n);
      if (value < 1 || value > MAX_N) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw ErrorCode.PAGINATION_NUMBER_INVALID.with("n must be between 1 and " + MAX_N);
    }
  }
}
