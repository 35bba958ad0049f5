package org.ufileregistry.security.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * Keeps the registry stateless. Some servers (WildFly's Elytron) remember a programmatic
 * {@code login} in a new HTTP session; registry clients send credentials on every request and
 * never come back with the cookie, so those sessions would only pile up, and a session cookie must
 * never stand in for credentials. Any session created during a request ends with it.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class StatelessFilter extends HttpFilter {
  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try {
      chain.doFilter(request, response);
    } finally {
      HttpSession session = request.getSession(false);
      if (session != null && session.isNew()) {
        try {
          session.invalidate();
        } catch (IllegalStateException alreadyInvalidated) {
          // nothing left to end
        }
      }
    }
  }
}
