package io.nestlab.spec;

/** Which purchase markets the lab may use. */
public enum MarketPreference {
  ON_DEMAND,
  SPOT,
  ANY
}
