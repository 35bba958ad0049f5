package org.ufileregistry.security.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RepositoryRuleTest {
  @Test
  void parsesEntries() {
    var rules = RepositoryRule.parseAll(" a/:pull=x|y , push=z ;; b/:delete=w ");
    assertEquals(2, rules.size());
    assertEquals(new RepositoryRule("a/", Map.of(Action.PULL, Set.of("x", "y"), Action.PUSH, Set.of("z"))), rules.get(0));
    assertEquals(new RepositoryRule("b/", Map.of(Action.DELETE, Set.of("w"))), rules.get(1));
    assertTrue(RepositoryRule.parseAll("").isEmpty());
  }

  @Test
  void mistakesNameTheEntry() {
    var e = assertThrows(IllegalArgumentException.class, () -> RepositoryRule.parseAll("a/:catalog=x"));
    assertTrue(e.getMessage().contains("a/:catalog=x"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RepositoryRule.parseAll("pull=x"));
  }
}
