package io.nestlab.spec;

import io.nestlab.Problem;
import io.nestlab.spec.VsphereKnowledge.EsxiMinimum;
import java.util.List;
import java.util.Map;

/** The ESXi hosts' rules: count, names, sizes against the release's minimum, overrides, disks. */
final class HostRules extends SpecRules {
  HostRules(VsphereKnowledge knowledge, List<Problem> problems) {
    super(knowledge, problems);
  }

  boolean count(EsxiSpec esxi) {
    if (esxi.count() < 1 || esxi.count() > EsxiSpec.MAX_COUNT) {
      add(
          "esxi.count",
          esxi.count()
              + " hosts is out of range; a lab has 1 to "
              + EsxiSpec.MAX_COUNT
              + " ESXi hosts, all on one cloud instance");
      return false;
    }
    return true;
  }

  boolean namePrefix(EsxiSpec esxi) {
    String prefix = esxi.namePrefix();
    if (prefix.isEmpty()
        || prefix.length() > 60
        || !SpecValidator.HOST_LABEL.matcher(esxi.hostName(1)).matches()) {
      add(
          "esxi.namePrefix",
          "'"
              + prefix
              + "' does not make valid host names ("
              + esxi.hostName(1)
              + "); use 1 to 60 letters, digits and '-', starting with a letter or digit,"
              + " for example 'esx'");
      return false;
    }
    return true;
  }

  void hostSizes(EsxiSpec esxi, EsxiMinimum min, VsphereVersion version, String targetNote) {
    if (min == null) {
      return;
    }
    atLeast("esxi.cpus", esxi.cpus(), min.cpus(), "vCPUs", version, min, targetNote);
    atLeast("esxi.memoryGib", esxi.memoryGib(), min.memoryGib(), "GiB", version, min, targetNote);
    atLeast(
        "esxi.bootDiskGib", esxi.bootDiskGib(), min.bootDiskGib(), "GiB", version, min, targetNote);
    if (targetNote.isEmpty()) {
      datastore("esxi.datastoreDiskGib", esxi.datastoreDiskGib());
    }
  }

  private void datastore(String path, int gib) {
    if (gib < 0) {
      add(path, gib + " GiB is negative; use 0 for no local datastore, or more");
    } else if (gib > SpecValidator.MAX_NESTED_DISK_GIB) {
      add(
          path,
          gib
              + " GiB is more than the "
              + SpecValidator.MAX_NESTED_DISK_GIB
              + " GiB (16 TiB) the lab's data disk on the cloud instance can ever be, and every"
              + " nested disk lives there; use at most "
              + SpecValidator.MAX_NESTED_DISK_GIB
              + " (datastores are thin: the data disk is sized for what the lab writes)");
    }
  }

  /** The nested disks of all hosts together must fit the largest data disk NestLab makes. */
  void nestedDisks(List<EsxiHost> hosts) {
    if (reported(p -> p.endsWith("DiskGib"))) {
      return; // a host's own disk size is already reported
    }
    long total = 0;
    for (EsxiHost h : hosts) {
      total += (long) h.bootDiskGib() + h.datastoreDiskGib();
    }
    if (total > SpecValidator.MAX_NESTED_DISK_GIB) {
      add(
          "esxi",
          "the hosts' boot and datastore disks add up to "
              + total
              + " GiB, more than the "
              + SpecValidator.MAX_NESTED_DISK_GIB
              + " GiB (16 TiB) the lab's data disk on the cloud instance can ever be; make"
              + " datastoreDiskGib smaller or use fewer hosts");
    }
  }

  private void atLeast(
      String path,
      int value,
      int least,
      String unit,
      VsphereVersion version,
      EsxiMinimum min,
      String targetNote) {
    if (value >= least) {
      return;
    }
    if (!targetNote.isEmpty()) {
      // The target's minimum is at least the current one's: report only the higher need.
      problems.removeIf(p -> p.path().equals(path));
    }
    String what = unit.equals("vCPUs") ? "vCPUs" : unit;
    add(
        path,
        value
            + " "
            + what
            + " is below the "
            + least
            + " "
            + what
            + " ESXi "
            + version
            + targetNote
            + " needs"
            + (min.estimate() ? " (NestLab's best estimate for " + min.family() + ")" : "")
            + "; raise it to "
            + least
            + " or more");
  }

  void overrides(EsxiSpec esxi, List<EsxiHost> hosts, EsxiMinimum min, VsphereVersion version) {
    List<String> names = names(hosts);
    for (Map.Entry<String, HostOverride> e : esxi.overrides().entrySet()) {
      String path = "esxi.overrides." + e.getKey();
      if (!names.isEmpty() && !names.contains(e.getKey())) {
        add(
            path,
            "there is no host '"
                + e.getKey()
                + "'; the hosts are "
                + range(names)
                + Suggestions.hint(e.getKey(), names));
        continue;
      }
      HostOverride o = e.getValue();
      if (min != null) {
        if (o.cpus() != null) {
          atLeast(path + ".cpus", o.cpus(), min.cpus(), "vCPUs", version, min, "");
        }
        if (o.memoryGib() != null) {
          atLeast(path + ".memoryGib", o.memoryGib(), min.memoryGib(), "GiB", version, min, "");
        }
        if (o.bootDiskGib() != null) {
          atLeast(
              path + ".bootDiskGib", o.bootDiskGib(), min.bootDiskGib(), "GiB", version, min, "");
        }
      }
      if (o.datastoreDiskGib() != null) {
        datastore(path + ".datastoreDiskGib", o.datastoreDiskGib());
      }
    }
  }
}
