package org.ufileregistry.security.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.ufileregistry.security.entity.Action;

/**
 * The action a resource method performs; {@link AccessFilter} checks it before the method runs.
 * A resource method without it (and without {@code @PermitAll}) is for admins only.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requires {
  Action value();
}
