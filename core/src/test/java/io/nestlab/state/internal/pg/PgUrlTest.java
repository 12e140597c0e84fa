package io.nestlab.state.internal.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PgUrlTest {
  @Test
  void theUsersFormBecomesAJdbcUrlWithCredentialsApart() {
    PgUrl u = PgUrl.parse("postgresql://ann:p%40ss@db.example:5433/labs?sslmode=require");
    assertEquals("jdbc:postgresql://db.example:5433/labs?sslmode=require", u.jdbcUrl());
    assertEquals("ann", u.properties().getProperty("user"));
    assertEquals("p@ss", u.properties().getProperty("password"));
    assertEquals("postgresql://ann:***@db.example:5433/labs", u.toString());
    assertFalse(u.toString().contains("p@ss"));
  }

  @Test
  void otherSpellingsAreAccepted() {
    assertEquals("jdbc:postgresql://h/db", PgUrl.parse("postgres://h/db").jdbcUrl());
    assertEquals("jdbc:postgresql://h:1/db", PgUrl.parse("jdbc:postgresql://h:1/db").jdbcUrl());
    assertTrue(PgUrl.looksLikeOne("postgresql://h/db"));
    assertFalse(PgUrl.looksLikeOne("/home/me/.nestlab/labs"));
  }

  @Test
  void badAddressesSayWhatIsWrongWithoutThePassword() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PgUrl.parse("postgresql://u:SECRET@/db"));
    assertTrue(e.getMessage().contains("no host"), e.getMessage());
    assertFalse(e.getMessage().contains("SECRET"));
    e =
        assertThrows(
            IllegalArgumentException.class, () -> PgUrl.parse("postgresql://h/db?password=SECRET"));
    assertFalse(e.getMessage().contains("SECRET"));
  }
}
