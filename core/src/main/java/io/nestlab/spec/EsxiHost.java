package io.nestlab.spec;

/**
 * One resolved ESXi host of a lab: the common size with its override applied.
 *
 * @param name the host's short name, for example {@code esx-01}
 * @param index its 1-based position
 * @param cpus vCPUs
 * @param memoryGib memory, GiB
 * @param bootDiskGib boot disk, GiB
 * @param datastoreDiskGib local datastore disk, GiB
 */
public record EsxiHost(
    String name, int index, int cpus, int memoryGib, int bootDiskGib, int datastoreDiskGib) {}
