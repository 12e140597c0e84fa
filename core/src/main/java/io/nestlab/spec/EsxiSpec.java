package io.nestlab.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lab's ESXi hosts: {@code count} hosts named {@code <namePrefix>-01 .. -NN}, all of one size
 * unless {@code overrides} says otherwise for a named host.
 *
 * @param version the ESXi version, for example {@code 8.0U3}
 * @param count how many hosts, 1 .. {@value #MAX_COUNT}
 * @param namePrefix the host names' prefix: {@code esx} gives {@code esx-01}
 * @param cpus vCPUs of each host
 * @param memoryGib memory of each host, GiB
 * @param bootDiskGib the boot disk of each host, GiB
 * @param datastoreDiskGib the local VMFS datastore disk of each host, GiB (0: none)
 * @param overrides per-host differences, keyed by host name
 */
public record EsxiSpec(
    String version,
    int count,
    String namePrefix,
    int cpus,
    int memoryGib,
    int bootDiskGib,
    int datastoreDiskGib,
    Map<String, HostOverride> overrides) {

  public static final int DEFAULT_COUNT = 1;
  public static final String DEFAULT_NAME_PREFIX = "esx";
  public static final int DEFAULT_CPUS = 2;
  public static final int DEFAULT_MEMORY_GIB = 8;
  public static final int DEFAULT_BOOT_DISK_GIB = 32;
  public static final int DEFAULT_DATASTORE_DISK_GIB = 100;

  /** The most hosts one lab may have; they all share one L1 instance. */
  public static final int MAX_COUNT = 32;

  public EsxiSpec {
    namePrefix = namePrefix == null ? DEFAULT_NAME_PREFIX : namePrefix;
    overrides =
        Collections.unmodifiableMap(
            overrides == null ? new LinkedHashMap<>() : new LinkedHashMap<>(overrides));
  }

  /**
   * {@code count} hosts of {@code version} with the default size (2 vCPUs, 8 GiB, 32 + 100 GiB).
   */
  public static EsxiSpec of(String version, int count) {
    return new EsxiSpec(
        version,
        count,
        DEFAULT_NAME_PREFIX,
        DEFAULT_CPUS,
        DEFAULT_MEMORY_GIB,
        DEFAULT_BOOT_DISK_GIB,
        DEFAULT_DATASTORE_DISK_GIB,
        Map.of());
  }

  public EsxiSpec withCpus(int cpus) {
    return new EsxiSpec(
        version, count, namePrefix, cpus, memoryGib, bootDiskGib, datastoreDiskGib, overrides);
  }

  public EsxiSpec withMemoryGib(int memoryGib) {
    return new EsxiSpec(
        version, count, namePrefix, cpus, memoryGib, bootDiskGib, datastoreDiskGib, overrides);
  }

  public EsxiSpec withDisksGib(int bootDiskGib, int datastoreDiskGib) {
    return new EsxiSpec(
        version, count, namePrefix, cpus, memoryGib, bootDiskGib, datastoreDiskGib, overrides);
  }

  /** The same hosts with {@code override} applied to host {@code hostName}. */
  public EsxiSpec withOverride(String hostName, HostOverride override) {
    Map<String, HostOverride> o = new LinkedHashMap<>(overrides);
    o.put(hostName, override);
    return new EsxiSpec(
        version, count, namePrefix, cpus, memoryGib, bootDiskGib, datastoreDiskGib, o);
  }

  /** The name of host {@code index} (1-based): {@code esx-01}. */
  public String hostName(int index) {
    return namePrefix + "-" + (index < 10 ? "0" + index : String.valueOf(index));
  }

  /** Every host with its overrides applied, in order (none when count is not positive). */
  public List<EsxiHost> hosts() {
    int n = Math.max(count, 0);
    List<EsxiHost> hosts = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      String name = hostName(i);
      HostOverride o = overrides.getOrDefault(name, HostOverride.NONE);
      hosts.add(
          new EsxiHost(
              name,
              i,
              o.cpus() != null ? o.cpus() : cpus,
              o.memoryGib() != null ? o.memoryGib() : memoryGib,
              o.bootDiskGib() != null ? o.bootDiskGib() : bootDiskGib,
              o.datastoreDiskGib() != null ? o.datastoreDiskGib() : datastoreDiskGib));
    }
    return List.copyOf(hosts);
  }
}
