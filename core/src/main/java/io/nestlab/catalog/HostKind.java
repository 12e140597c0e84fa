package io.nestlab.catalog;

/** The kind of L1 host: a whole physical server, or a VM with nested virtualization. */
public enum HostKind {
  METAL,
  NESTED
}
