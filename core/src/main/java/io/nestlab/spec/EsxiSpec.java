package io.nestlab.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lab's ESXi hosts: {@code count} hosts named {@code <namePrefix>-01 .. -NN}, all of one size
 * unless {@code overrides} says otherwise for a named host.
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

  public EsxiSpec {
    overrides = overrides == null ? Map.of() : new LinkedHashMap<>(overrides);
    overrides = java.util.Collections.unmodifiableMap(overrides);
  }

  /** The name of host {@code index} (1-based): {@code esx-01}. */
  public String hostName(int index) {
    return namePrefix + "-" + (index < 10 ? "0" + index : String.valueOf(index));
  }

  /** Every host with its overrides applied, in order. */
  public List<EsxiHost> hosts() {
    List<EsxiHost> hosts = new ArrayList<>(Math.max(count, 0));
    for (int i = 1; i <= count; i++) {
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
