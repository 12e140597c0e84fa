package io.nestlab.junit.examples;

/** The examples' spec and the fake cloud's settings that make it fast. */
final class Specs {
  static final String ONE_HOST = "io/nestlab/junit/one-host.yaml";
  static final String FAST = "transition-ms=0";
  static final String FAST_BOOT = "boot-phase-ms=0";

  private Specs() {}
}
