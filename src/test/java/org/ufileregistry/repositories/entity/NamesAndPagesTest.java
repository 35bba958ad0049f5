package org.ufileregistry.repositories.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.ufileregistry.errors.entity.ErrorCode;
import org.ufileregistry.errors.entity.RegistryException;

class NamesAndPagesTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "team/app", "a.b/c_d/e__f/g---h", "0/1/2", "library/ubuntu"})
  void validNames(String name) {
    assertEquals(name, RepositoryName.parse(name).value());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "A", "a/", "/a", "a//b", "..", "a/../b", "a/./b", ".a", "a.", "a..b", "a___b", "_a", "a/_b",
      "a b", "a%2Fb", "a\\b", "a\u00e9"})
  void invalidNames(String name) {
    assertEquals(ErrorCode.NAME_INVALID, assertThrows(RegistryException.class, () -> RepositoryName.parse(name)).code());
  }

  @Test
  void nameLengthIsBounded() {
    String name = "a/".repeat(127) + "b";
    assertEquals(255, name.length());
    RepositoryName.parse(name);
    assertThrows(RegistryException.class, () -> RepositoryName.parse(name + "c"));
  }

  @Test
  void tags() {
    assertTrue(Tag.isValid("latest"));
    assertTrue(Tag.isValid("_under"));
    assertTrue(Tag.isValid("v1.0-rc.1_b"));
    assertTrue(Tag.isValid("a".repeat(128)));
    assertFalse(Tag.isValid("a".repeat(129)));
    assertFalse(Tag.isValid("-dash"));
    assertFalse(Tag.isValid(".dot"));
    assertFalse(Tag.isValid("a/b"));
    assertFalse(Tag.isValid(""));
  }

  @Test
  void pages() {
    List<String> all = List.of("a", "b", "c", "d");
    assertEquals(new Page(all, null, false), Page.of(all, null, null));
    Page first = Page.of(all, "2", null);
    assertEquals(List.of("a", "b"), first.items());
    assertTrue(first.more());
    assertEquals(List.of("c", "d"), Page.of(all, "2", "b").items());
    assertFalse(Page.of(all, "2", "b").more());
    assertEquals(List.of(), Page.of(all, "0", null).items());
    assertEquals(List.of("d"), Page.of(all, null, "c").items());
    for (String bad : new String[] {"-1", "x", "1.5"}) {
      assertEquals(ErrorCode.PAGINATION_NUMBER_INVALID, assertThrows(RegistryException.class, () -> Page.parseN(bad)).code());
    }
    assertEquals(Page.MAX_N, Page.parseN("999999"));
  }
}
