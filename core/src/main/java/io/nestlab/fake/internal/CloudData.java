package io.nestlab.fake.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Everything the fake cloud holds; persisted as JSON when directory-backed. */
public final class CloudData {
  public static final int FORMAT_VERSION = 1;

  public int formatVersion = FORMAT_VERSION;
  public long nextId = 1;

  /** By resource id, in creation order. */
  public Map<String, FakeResource> resources = new LinkedHashMap<>();

  /** Idempotency key to the id of the resource it created. */
  public Map<String, String> idempotency = new LinkedHashMap<>();

  public String newId(String prefix) {
    return prefix + String.format("%08x", nextId++);
  }
}
