package io.nestlab.catalog;

/** How well nested ESXi is known to work on a kind of L1 host. */
public enum SupportLevel {
  /** Bare metal: ESXi is a KVM guest, its VMs run at nesting depth 2. Known to work. */
  PROVEN,
  /** Nested-virtualization VM: ESXi's VMs run at depth 3, which no vendor documents. */
  EXPERIMENTAL
}
