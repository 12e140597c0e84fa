package io.nestlab.catalog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The catalog's start-up shortcuts (docs/design/0200) give exactly what the general code gave: the
 * same decimals (value and scale), the same dates and errors, the same ordered copies.
 */
class FastReadersTest {
  @Test
  void decimalsHaveTheStringConstructorsValueAndScale() {
    for (String s :
        List.of(
            "0",
            "12",
            "0.0416",
            "3.9641",
            "0.10",
            "000.50",
            "123456789012345678",
            "1234567890.12345678",
            "9999999999999999999",
            "12345678901234567890.5",
            "-1.5",
            "1e3",
            "1.",
            "+2",
            "0.000001")) {
      BigDecimal expected = new BigDecimal(s);
      BigDecimal read = CatalogText.decimal(s);
      assertEquals(expected, read, s); // BigDecimal.equals compares the scale too
      assertEquals(expected.scale(), read.scale(), s);
    }
    for (String bad : List.of("", ".", ".5x", "1.2.3", "abc")) {
      assertThrows(NumberFormatException.class, () -> CatalogText.decimal(bad), bad);
    }
  }

  @Test
  void datesAreReadAsIsoDatesWithTheirErrors() throws IOException {
    String ok = "provider\taws\nasOf\t2026-07-20\nsource\ts\nend\n";
    assertEquals("2026-07-20", CatalogText.read(ok).get(0).asOf().toString());
    for (String bad : List.of("2026-13-01", "2026-02-30", "2026-7-20", "20260720", "2026-0a-01")) {
      String text = "provider\taws\nasOf\t" + bad + "\nsource\ts\nend\n";
      IOException e = assertThrows(IOException.class, () -> CatalogText.read(text), bad);
      assertTrue(e.getMessage().startsWith("catalog line 2: "), e.getMessage());
    }
  }

  @Test
  void orderedInputIsKeptAndOtherInputSorted() {
    assertEquals(List.of("a", "b", "c"), KeyOrder.distinctAscending(List.of("a", "b", "c")));
    assertEquals(List.of("a", "b", "c"), KeyOrder.distinctAscending(List.of("c", "a", "b", "a")));
    assertThrows(NullPointerException.class, () -> KeyOrder.distinctAscending(nullIn("a")));

    Map<String, Integer> unordered = new LinkedHashMap<>();
    unordered.put("us-west1", 2);
    unordered.put("asia-east1", 1);
    unordered.put("zz", null);
    Map<String, Integer> byKey = KeyOrder.byKey(unordered);
    assertEquals(List.of("asia-east1", "us-west1", "zz"), List.copyOf(byKey.keySet()));
    assertEquals(new TreeMap<>(unordered), byKey);
    assertEquals(new TreeMap<>(unordered).hashCode(), byKey.hashCode());
    assertEquals(2, byKey.get("us-west1"));
    assertNull(byKey.get("nowhere"));
    assertNull(byKey.get(42));
    assertTrue(byKey.containsKey("zz"));
    assertThrows(UnsupportedOperationException.class, () -> byKey.put("x", 3));
    assertSame(byKey, KeyOrder.byKey(byKey));
    assertNotSame(unordered, KeyOrder.byKey(unordered));

    Map<String, Integer> nullKey = new LinkedHashMap<>();
    nullKey.put(null, 1);
    assertThrows(NullPointerException.class, () -> KeyOrder.byKey(nullKey));
  }

  private static List<String> nullIn(String other) {
    java.util.ArrayList<String> list = new java.util.ArrayList<>();
    list.add(other);
    list.add(null);
    return list;
  }
}
