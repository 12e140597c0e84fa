package io.nestlab.junit.examples;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the example tests saw, for the tests that run them through the platform. */
public final class Seen {
  private static final Map<String, List<String>> VALUES = new ConcurrentHashMap<>();

  private Seen() {}

  public static void add(String key, String value) {
    VALUES.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(value);
  }

  public static List<String> get(String key) {
    return List.copyOf(VALUES.getOrDefault(key, List.of()));
  }

  public static void clear() {
    VALUES.clear();
  }
}
