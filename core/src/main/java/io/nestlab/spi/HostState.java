package io.nestlab.spi;

/** Life-cycle state of an L1 host, common to all providers. */
public enum HostState {
  PENDING,
  RUNNING,
  STOPPING,
  STOPPED,
  TERMINATING,
  TERMINATED,
  /** The host is not known to the provider (never existed, or gone long ago). */
  NOT_FOUND
}
