package io.nestlab.spec;

/**
 * One resolved ESXi host of a lab.
 *
 * @param name the host's short name, for example {@code esx-01}
 * @param index its 1-based position
 */
public record EsxiHost(
    String name, int index, int cpus, int memoryGib, int bootDiskGib, int datastoreDiskGib) {}
