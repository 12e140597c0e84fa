package io.nestlab.catalog.internal;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Immutable copies in ascending key order for the catalog's records. Input that is already in order
 * (the embedded catalog's, always) is copied as it is, not sorted again: sorting the 428 types'
 * region lists and price maps was a quarter of the CLI's catalog read (docs/design/0200).
 */
public final class KeyOrder {
  private KeyOrder() {}

  /** {@code values} ascending and without duplicates, unmodifiable. */
  public static List<String> distinctAscending(List<String> values) {
    return ascending(values.iterator(), values.size())
        ? List.copyOf(values)
        : List.copyOf(new TreeSet<>(values));
  }

  /**
   * {@code map} iterating in ascending key order, unmodifiable; a map this method made is returned
   * as it is.
   */
  public static <V> Map<String, V> byKey(Map<String, V> map) {
    if (map instanceof SortedStringMap) {
      return map;
    }
    return new SortedStringMap<>(
        ascending(map.keySet().iterator(), map.size()) ? map : new TreeMap<>(map));
  }

  /**
   * The map of {@code keys} to {@code values} (the arrays are taken, not copied), iterating in
   * ascending key order, unmodifiable.
   */
  public static <V> Map<String, V> byKey(String[] keys, Object[] values) {
    if (ascending(Arrays.asList(keys).iterator(), keys.length)) {
      return new SortedStringMap<>(keys, values);
    }
    Map<String, V> sorted = new TreeMap<>();
    for (int i = 0; i < keys.length; i++) {
      @SuppressWarnings("unchecked")
      V v = (V) values[i];
      sorted.put(keys[i], v);
    }
    return new SortedStringMap<>(sorted);
  }

  /** Whether {@code it} gives strictly ascending strings (so also no duplicates). */
  private static boolean ascending(Iterator<String> it, int size) {
    String previous = null;
    for (int i = 0; i < size; i++) {
      String s = it.next();
      if (s == null || previous != null && previous.compareTo(s) >= 0) {
        return false; // sorted copies reject null as they always did
      }
      previous = s;
    }
    return true;
  }
}
