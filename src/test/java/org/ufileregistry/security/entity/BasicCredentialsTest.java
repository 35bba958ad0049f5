package org.ufileregistry.security.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicCredentialsTest {
  static String basic(String s) {
    return "Basic " + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesUserAndPasswordWithColons() {
    var c = BasicCredentials.parse(basic("alice:pa:ss")).orElseThrow();
    assertEquals("alice", c.user());
    assertEquals("pa:ss", c.password());
    assertFalse(c.toString().contains("pa:ss"), "password must never be printed");
    assertTrue(BasicCredentials.parse(basic("bob:")).isPresent());
  }

  @Test
  void rejectsOtherSchemesAndGarbage() {
    assertTrue(BasicCredentials.parse(null).isEmpty());
    assertTrue(BasicCredentials.parse("Bearer abc").isEmpty());
    assertTrue(BasicCredentials.parse("Basic !!!").isEmpty());
    assertTrue(BasicCredentials.parse(basic("nocolon")).isEmpty());
    assertTrue(BasicCredentials.parse(basic(":pw")).isEmpty());
  }
}
