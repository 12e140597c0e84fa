package io.nestlab.cost;

/** What a lab's L1 host is billed as, from the moment of a {@link Transition}. */
public enum MeterState {
  /** Launched or started: instance, disks and public IP are billed. */
  RUNNING,
  /** Stopped: only the provisioned disks are billed. */
  STOPPED,
  /** Terminated, with its disks: nothing is billed any more. */
  GONE
}
