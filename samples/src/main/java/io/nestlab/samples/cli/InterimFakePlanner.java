package io.nestlab.samples.cli;

import io.nestlab.NoFittingInstanceException;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.EsxiHost;
import io.nestlab.spec.GuestSpec;
import io.nestlab.spec.LabSpec;

/**
 * Chooses a plan option on the fake cloud until the planner ({@code io.nestlab.plan.Planner}) is
 * wired into {@code up}: the cheapest fake instance type whose memory and vCPUs carry the lab.
 * Deliberately small; the planner replaces it.
 */
final class InterimFakePlanner {
  private static final int L1_OVERHEAD_GIB = 4;
  private static final int VCENTER_GIB = 14;
  private static final int VCENTER_DISK_GIB = 100;
  private static final int MEDIA_GIB = 50;
  private static final int BOOT_DISK_GIB = 50;

  private InterimFakePlanner() {}

  static PlanOption cheapest(LabSpec spec, String provider) {
    if (!"fake".equals(provider)) {
      throw new io.nestlab.NestLabException(
          "'up' plans only on the fake provider in this build (the planner for "
              + provider
              + " is not wired in yet); use --provider fake");
    }
    double memory = 0;
    int cpus = 0;
    int disk = MEDIA_GIB;
    for (EsxiHost h : spec.hosts()) {
      memory += h.memoryGib();
      cpus += h.cpus();
      disk += h.bootDiskGib() + h.datastoreDiskGib();
    }
    if (spec.vcenterIfPresent().isPresent()) {
      disk += VCENTER_DISK_GIB;
      if (io.nestlab.spec.VcenterSpec.PLACEMENT_L1.equals(spec.vcenter().placement())) {
        memory += VCENTER_GIB;
      }
    }
    for (GuestSpec g : spec.guests()) {
      disk += g.diskGib();
    }
    double memOver = spec.policy().memoryOvercommit() > 0 ? spec.policy().memoryOvercommit() : 1;
    double cpuOver = spec.policy().cpuOvercommit() > 0 ? spec.policy().cpuOvercommit() : 1;
    double needGib = memory / memOver + L1_OVERHEAD_GIB;
    double needCpus = Math.ceil(cpus / cpuOver);
    int dataDisk = disk;
    return FakeCatalog.instanceTypes().stream()
        .filter(t -> t.memoryGib() >= needGib && t.vcpus() >= needCpus)
        .findFirst()
        .map(t -> FakeCatalog.option(t.name(), BOOT_DISK_GIB, dataDisk))
        .orElseThrow(
            () ->
                new NoFittingInstanceException(
                    "no fake instance type carries "
                        + Math.round(needGib)
                        + " GiB and "
                        + Math.round(needCpus)
                        + " vCPUs; the largest is "
                        + FakeCatalog.instanceTypes()
                            .get(FakeCatalog.instanceTypes().size() - 1)
                            .name()));
  }
}
