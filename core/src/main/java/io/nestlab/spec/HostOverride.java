package io.nestlab.spec;

/**
 * Per-host differences from the common ESXi size; a null field keeps the common value.
 *
 * @param cpus vCPUs, or null
 * @param memoryGib memory in GiB, or null
 * @param bootDiskGib boot disk in GiB, or null
 * @param datastoreDiskGib datastore disk in GiB, or null
 */
public record HostOverride(
    Integer cpus, Integer memoryGib, Integer bootDiskGib, Integer datastoreDiskGib) {
  public static final HostOverride NONE = new HostOverride(null, null, null, null);

  public static HostOverride memoryGib(int memoryGib) {
    return new HostOverride(null, memoryGib, null, null);
  }
}
