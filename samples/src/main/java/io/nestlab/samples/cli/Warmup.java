package io.nestlab.samples.cli;

import io.nestlab.catalog.Catalog;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.plan.PlanOptions;
import io.nestlab.plan.Planner;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import java.util.List;
import java.util.concurrent.FutureTask;

/**
 * Reads and validates the command's lab files ahead of the main thread ({@link LabsAhead}), and
 * plans a built-in lab on the fake cloud, while the main thread is still building the command line,
 * so the code the main thread runs next is already loaded, initialized and linked: the lab-file
 * reader, the rules, the knowledge tables, the planner (docs/design/0200). In a fresh JVM that
 * first run of each piece costs more than the work itself (class initialization, linking every
 * lambda and stream). The lab uses every section of a lab file; the plan uses the fake cloud's four
 * types, not the catalog. Nothing is printed or written; a failure is ignored (the main thread
 * meets its own). {@link Preload} starts it, only on a machine with more than one core.
 */
final class Warmup implements Runnable {
  /** A lab with every section: hosts with overrides, vCenter, a guest, media, an upgrade. */
  static final String LAB =
      """
      apiVersion: nestlab/v1
      name: warmup
      esxi:
        version: "7.0U3"
        count: 3
        namePrefix: esx
        cpus: 2
        memoryGib: 8
        bootDiskGib: 32
        datastoreDiskGib: 60
        overrides:
          esx-01: { memoryGib: 18 }
          esx-03: { memoryGib: 18 }
      vcenter:
        version: "7.0U3"
        size: tiny
        placement: esx-01
      guests:
        - name: guest-01
          cpus: 1
          memoryGib: 2
          diskGib: 16
          host: esx-02
          image: "https://example.com/media/guest.ova"
      network:
        cidr: 10.20.0.0/24
        domain: warmup.internal
      media:
        esxiIso: { url: "https://example.com/media/esxi-7.0U3.iso" }
        vcsaIso: { url: "https://example.com/media/vcsa-7.0U3.iso" }
      upgrade:
        esxiVersion: "8.0U3"
        vcenterVersion: "8.0U3"
        esxiIso: { url: "https://example.com/media/esxi-8.0U3.iso" }
        vcsaIso: { url: "https://example.com/media/vcsa-8.0U3.iso" }
        applianceHost: esx-03
      policy:
        ttl: 4h
        budgetUsd: 10
        onBudget: stop
      placement:
        kind: any
        market: on-demand
      """;

  private final List<FutureTask<?>> files;
  private final boolean plan;

  /**
   * A warm-up that reads the command's lab files ahead ({@link LabsAhead}), or the lab above when
   * there are none, and also plans the lab above on the fake cloud when {@code plan}.
   */
  Warmup(List<FutureTask<?>> files, boolean plan) {
    this.files = List.copyOf(files);
    this.plan = plan;
  }

  @Override
  public void run() {
    for (FutureTask<?> f : files) {
      f.run();
    }
    if (!files.isEmpty() && !plan) {
      return;
    }
    try {
      LabSpec lab = LabSpecs.parse(LAB, "warmup.yaml");
      if (plan) {
        Planner.plan(lab, Catalog.of(FakeCatalog.catalog()), PlanOptions.defaults());
      }
    } catch (RuntimeException | LinkageError e) {
      // Nothing to report: the main thread reads, validates and plans the user's lab itself.
    }
  }
}
