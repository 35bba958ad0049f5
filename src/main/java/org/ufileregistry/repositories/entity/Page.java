package org.ufileregistry.repositories.entity;

import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ufileregistry.errors.entity.ErrorCode;

/**
 * One page of a lexically sorted list per the spec's {@code n}/{@code last} pagination, and the
 * {@code Link: <...>; rel="next"} header pointing at the next page when one follows.
 */
public record Page(List<String> items, Integer n, boolean more) {

  /** Upper bound on {@code n}, so a request cannot ask for an unbounded response in one go. */
  public static final int MAX_N = 10_000;

  /** Parses {@code n}; null when absent. */
  public static Integer parseN(String n) {
    if (n == null || n.isEmpty()) {
      return null;
    }
    try {
      int value = Integer.parseInt(n);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return Math.min(value, MAX_N);
    } catch (NumberFormatException e) {
      throw ErrorCode.PAGINATION_NUMBER_INVALID.with("n must be a non-negative integer: " + n);
    }
  }

  /** A page of {@code sorted} after {@code last} (exclusive), of at most {@code n} items. */
  public static Page of(List<String> sorted, String n, String last) {
    Integer limit = parseN(n);
    List<String> after =
        last == null || last.isEmpty()
            ? sorted
            : sorted.stream().filter(s -> s.compareTo(last) > 0).toList();
    if (limit == null || after.size() <= limit) {
      return new Page(after, limit, false);
    }
    return new Page(List.copyOf(after.subList(0, limit)), limit, true);
  }

  /** Adds the Link header for the next page, when there is one. */
  public Response.ResponseBuilder link(String path, Response.ResponseBuilder r) {
    if (more && !items.isEmpty()) {
      String next =
          path + "?n=" + n + "&last=" + URLEncoder.encode(items.get(items.size() - 1), StandardCharsets.UTF_8);
      r.header("Link", "<" + next + ">; rel=\"next\"");
    }
    return r;
  }
}
