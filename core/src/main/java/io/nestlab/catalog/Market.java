package io.nestlab.catalog;

/** How an instance is bought. */
public enum Market {
  ON_DEMAND,
  SPOT
}
