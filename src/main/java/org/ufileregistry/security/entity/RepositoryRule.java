package org.ufileregistry.security.entity;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of {@code registry.auth.rules}: for repositories whose name starts with {@link
 * #prefix()}, the roles that may pull, push or delete, replacing the default roles for the
 * actions it names.
 *
 * <p>Syntax: {@code <prefix>:<action>=<role>|<role>,<action>=<role>}, entries separated by
 * {@code ;}. Actions are {@code pull}, {@code push}, {@code delete}; the roles {@code anonymous}
 * and {@code authenticated} mean everyone and any signed-in user. Example: {@code
 * team-a/:pull=team-a|registry-reader,push=team-a; public/:pull=anonymous}.
 */
public record RepositoryRule(String prefix, Map<Action, Set<String>> roles) {
  private static final List<Action> RULE_ACTIONS = List.of(Action.PULL, Action.PUSH, Action.DELETE);

  /** Parses the whole config value; a mistake names the entry so the operator can find it. */
  public static List<RepositoryRule> parseAll(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    var rules = new ArrayList<RepositoryRule>();
    for (String entry : value.split(";")) {
      if (!entry.isBlank()) {
        rules.add(parse(entry.trim()));
      }
    }
    return List.copyOf(rules);
  }

  static RepositoryRule parse(String entry) {
    int colon = entry.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "registry.auth.rules entry '" + entry + "' must look like <prefix>:<action>=<role>|<role>");
    }
    String prefix = entry.substring(0, colon).trim();
    Map<Action, Set<String>> roles = new EnumMap<>(Action.class);
    for (String grant : entry.substring(colon + 1).split(",")) {
      int eq = grant.indexOf('=');
      Action action = eq < 0 ? null : action(grant.substring(0, eq).trim());
      if (action == null) {
        throw new IllegalArgumentException(
            "registry.auth.rules entry '" + entry + "': '" + grant.trim()
                + "' must be pull=<roles>, push=<roles> or delete=<roles>");
      }
      Set<String> names = new LinkedHashSet<>();
      for (String role : grant.substring(eq + 1).split("\\|")) {
        if (!role.isBlank()) {
          names.add(role.trim());
        }
      }
      roles.put(action, Set.copyOf(names));
    }
    return new RepositoryRule(prefix, Map.copyOf(roles));
  }

  private static Action action(String key) {
    for (Action a : RULE_ACTIONS) {
      if (a.key().equals(key)) {
        return a;
      }
    }
    return null;
  }

  public boolean matches(String repository) {
    return repository.startsWith(prefix);
  }
}
