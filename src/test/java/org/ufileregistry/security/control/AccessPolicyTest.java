package org.ufileregistry.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ufileregistry.security.entity.Action;
import org.ufileregistry.security.entity.Caller;
import org.ufileregistry.security.entity.Decision;
import org.ufileregistry.security.entity.Roles;

class AccessPolicyTest {
  static final Caller READER = caller("r", Roles.READER);
  static final Caller WRITER = caller("w", Roles.WRITER);
  static final Caller ADMIN = caller("a", Roles.ADMIN);
  static final Caller NOBODY_ROLES = caller("n");

  static Caller caller(String user, String... roles) {
    Set<String> set = Set.of(roles);
    return new Caller(user, set::contains);
  }

  static AccessPolicy policy(boolean anonymousPull, String rules) {
    return new AccessPolicy(true, anonymousPull, Optional.ofNullable(rules));
  }

  @Test
  void disabledAllowsEverything() {
    var off = new AccessPolicy(false, false, Optional.empty());
    for (Action a : Action.values()) {
      assertEquals(Decision.ALLOW, off.decide(Caller.ANONYMOUS, a, "x"));
    }
  }

  @Test
  void rolesByDefault() {
    var p = policy(false, null);
    assertEquals(Decision.ALLOW, p.decide(READER, Action.PULL, "lib/a"));
    assertEquals(Decision.DENY, p.decide(READER, Action.PUSH, "lib/a"));
    assertEquals(Decision.DENY, p.decide(READER, Action.DELETE, "lib/a"));
    assertEquals(Decision.ALLOW, p.decide(WRITER, Action.PULL, "lib/a"));
    assertEquals(Decision.ALLOW, p.decide(WRITER, Action.PUSH, "lib/a"));
    assertEquals(Decision.DENY, p.decide(WRITER, Action.DELETE, "lib/a"));
    assertEquals(Decision.DENY, p.decide(WRITER, Action.CATALOG, ""));
    for (Action a : Action.values()) {
      assertEquals(Decision.ALLOW, p.decide(ADMIN, a, "lib/a"));
    }
    assertEquals(Decision.DENY, p.decide(NOBODY_ROLES, Action.PULL, "lib/a"));
    assertEquals(Decision.ALLOW, p.decide(NOBODY_ROLES, Action.LOGIN, ""));
  }

  @Test
  void anonymousIsChallengedUnlessAnonymousPullIsOn() {
    var closed = policy(false, null);
    assertEquals(Decision.CHALLENGE, closed.decide(Caller.ANONYMOUS, Action.PULL, "lib/a"));
    assertEquals(Decision.CHALLENGE, closed.decide(Caller.ANONYMOUS, Action.SEARCH, ""));
    var open = policy(true, null);
    assertEquals(Decision.ALLOW, open.decide(Caller.ANONYMOUS, Action.PULL, "lib/a"));
    assertEquals(Decision.ALLOW, open.decide(Caller.ANONYMOUS, Action.SEARCH, ""));
    assertEquals(Decision.CHALLENGE, open.decide(Caller.ANONYMOUS, Action.PUSH, "lib/a"));
    // docker login needs the challenge on /v2/ even when pulls are open
    assertEquals(Decision.CHALLENGE, open.decide(Caller.ANONYMOUS, Action.LOGIN, ""));
  }

  @Test
  void longestPrefixRuleWinsAndFallsBackForUnnamedActions() {
    var p = policy(false, "team-a/:pull=team-a,push=team-a-ci; team-a/public/:pull=anonymous; public/:pull=anonymous");
    Caller teamA = caller("t", "team-a");
    Caller ci = caller("ci", "team-a-ci");
    assertEquals(Decision.ALLOW, p.decide(teamA, Action.PULL, "team-a/app"));
    assertEquals(Decision.DENY, p.decide(READER, Action.PULL, "team-a/app"));
    assertEquals(Decision.DENY, p.decide(WRITER, Action.PUSH, "team-a/app"));
    assertEquals(Decision.ALLOW, p.decide(ci, Action.PUSH, "team-a/app"));
    assertEquals(Decision.ALLOW, p.decide(ci, Action.PULL, "team-a/app"), "pushers also pull");
    assertEquals(Decision.DENY, p.decide(teamA, Action.PUSH, "team-a/app"));
    assertEquals(Decision.ALLOW, p.decide(Caller.ANONYMOUS, Action.PULL, "team-a/public/x"));
    // team-a/public/ names no push: the shorter team-a/ rule applies
    assertEquals(Decision.ALLOW, p.decide(ci, Action.PUSH, "team-a/public/x"));
    assertEquals(Decision.ALLOW, p.decide(Caller.ANONYMOUS, Action.PULL, "public/x"));
    assertEquals(Decision.CHALLENGE, p.decide(Caller.ANONYMOUS, Action.PULL, "other/x"));
    assertEquals(Decision.ALLOW, p.decide(ADMIN, Action.DELETE, "team-a/app"));
  }
}
