package io.nestlab.spec;

/** Per-host differences from the common ESXi size; a null field keeps the common value. */
public record HostOverride(
    Integer cpus, Integer memoryGib, Integer bootDiskGib, Integer datastoreDiskGib) {
  public static final HostOverride NONE = new HostOverride(null, null, null, null);
}
