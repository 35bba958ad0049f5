package org.ufileregistry.security.boundary;

import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ufileregistry.errors.entity.ErrorCode;
import org.ufileregistry.security.control.AccessPolicy;
import org.ufileregistry.security.control.CurrentCaller;
import org.ufileregistry.security.entity.Action;
import org.ufileregistry.security.entity.BasicCredentials;
import org.ufileregistry.security.entity.Caller;
import org.ufileregistry.security.entity.Decision;

/**
 * Authenticates and authorizes every registry request. The password check is the server's:
 * {@link HttpServletRequest#login} asks the realm the operator configured (WildFly application
 * users or Elytron, Liberty's basicRegistry or LDAP, Payara's file realm), and roles come from
 * {@link HttpServletRequest#isUserInRole}. Deciding here rather than in web.xml constraints keeps
 * anonymous pull and per-repository rules a matter of configuration.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION)
public class AccessFilter implements ContainerRequestFilter {
  private static final Logger LOG = Logger.getLogger(AccessFilter.class.getName());

  @Context ResourceInfo resource;
  @Context HttpServletRequest servletRequest;

  @Inject AccessPolicy policy;
  @Inject CurrentCaller current;

  @Inject
  @ConfigProperty(name = "registry.auth.realm", defaultValue = "ufile-registry")
  String realm;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!policy.enabled()) {
      return;
    }
    Caller caller = authenticate(request);
    current.set(caller);
    Method method = resource.getResourceMethod();
    if (method == null || method.isAnnotationPresent(PermitAll.class)) {
      return;
    }
    Requires requires = method.getAnnotation(Requires.class);
    Action action = requires == null ? Action.CATALOG : requires.value();
    String repository = request.getUriInfo().getPathParameters().getFirst("name");
    Decision decision = policy.decide(caller, action, repository == null ? "" : repository);
    switch (decision) {
      case ALLOW -> {}
      case CHALLENGE -> throw challenge("authentication required");
      case DENY -> throw ErrorCode.DENIED.with(
          "user " + caller.user() + " may not " + action.key()
              + (repository == null ? "" : " repository " + repository));
    }
  }

  private Caller authenticate(ContainerRequestContext request) {
    Optional<BasicCredentials> credentials =
        BasicCredentials.parse(request.getHeaderString(HttpHeaders.AUTHORIZATION));
    Principal principal = servletRequest.getUserPrincipal();
    if (credentials.isEmpty()) {
      if (principal != null) {
        // Signed in by a cookie the server set on an earlier login (Liberty's LTPA token, a
        // session): registry clients send credentials with every request, and a cookie must not
        // outlive a password change or a removed user, so only the Authorization header counts.
        logoutQuietly();
      }
      return Caller.ANONYMOUS;
    }
    if (principal != null) {
      // Whatever identity a cookie brought, the header's user and password are what is checked.
      logoutQuietly();
    }
    try {
      servletRequest.login(credentials.get().user(), credentials.get().password());
    } catch (ServletException e) {
      // The user name helps an operator; the password never appears, nor the realm's detail.
      LOG.log(Level.FINE, "login refused for user {0}", credentials.get().user());
      throw challenge("invalid username or password");
    }
    principal = servletRequest.getUserPrincipal();
    if (principal == null) {
      throw challenge("invalid username or password");
    }
    return new Caller(principal.getName(), servletRequest::isUserInRole);
  }

  private void logoutQuietly() {
    try {
      servletRequest.logout();
    } catch (ServletException e) {
      LOG.log(Level.FINE, "logout of a cookie-borne identity failed", e);
    }
  }

  private RuntimeException challenge(String detail) {
    return ErrorCode.UNAUTHORIZED.with(detail)
        .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + realm.replace("\"", "") + "\"");
  }
}
