package io.nestlab.plan;

import io.nestlab.Clouds;
import io.nestlab.catalog.CatalogCache;
import io.nestlab.catalog.CpuVendor;
import io.nestlab.catalog.CustomRates;
import io.nestlab.catalog.CustomShapeRules;
import io.nestlab.catalog.Eligibility;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.Market;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.catalog.RegionPrice;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.PlacementKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Finds the binding constraint when a provider has no option: the constraints are applied one by
 * one, in a fixed order, and the first that leaves nothing is reported with the requirement and the
 * best the survivors offer.
 */
final class Explainer {
  private Explainer() {}

  /** A shape that may carry the lab: a type, or the largest custom shape of a series. */
  private record Shape(
      String name,
      int vcpus,
      double memGib,
      int localGib,
      Eligibility.Verdict verdict,
      List<RegionPrice> prices) {}

  static String explain(ProviderCatalog section, LabSpec spec, Requirements req, PlanQuery q) {
    String p = section.provider();
    if (section.instanceTypes().isEmpty()) {
      return "the " + p + " catalog has no instance types";
    }
    List<Shape> shapes = new ArrayList<>();
    boolean amdExcluded = collect(section, q, shapes);
    if (shapes.isEmpty()) {
      return "no "
          + p
          + " instance type in the catalog can carry nested ESXi (x86-64 Intel,"
          + " bare metal or nested-virtualization capable)"
          + (amdExcluded ? "; AMD types exist but are off by default (opt in to AMD)" : "");
    }
    // the constraints in order; each narrows the shapes or says why none is left
    String why = types(p, q, shapes);
    if (why == null) {
      why = kind(p, q, shapes);
    }
    if (why == null) {
      why = market(p, q, shapes);
    }
    if (why == null) {
      why = regions(section, q, shapes);
    }
    if (why == null) {
      why = fit(p, spec, req, shapes);
    }
    if (why != null) {
      return why;
    }
    String cpu = q.cpus.explain(p, eligibleSeries(section, q));
    if (cpu != null) {
      return cpu;
    }
    if (q.maxHourly != null) {
      return "every fitting "
          + p
          + " option costs more than placement.maxHourlyUsd $"
          + q.maxHourly.toPlainString()
          + "/h";
    }
    return "no " + p + " type fits under the given placement";
  }

  /** The series of the types that may carry nested ESXi under the placement's kind. */
  private static List<String> eligibleSeries(ProviderCatalog section, PlanQuery q) {
    TreeSet<String> out = new TreeSet<>();
    for (InstanceType t : section.instanceTypes()) {
      Eligibility.Verdict v = Eligibility.evaluate(section.provider(), t, q.allowAmd);
      if (v != null && q.kindAllowed(v.kind())) {
        out.add(t.series());
      }
    }
    return List.copyOf(out);
  }

  /** Every shape that may carry nested ESXi; returns whether AMD types were left out. */
  private static boolean collect(ProviderCatalog section, PlanQuery q, List<Shape> shapes) {
    String p = section.provider();
    boolean amdExcluded = false;
    for (InstanceType t : section.instanceTypes()) {
      Eligibility.Verdict v = Eligibility.evaluate(p, t, q.allowAmd);
      if (v == null) {
        amdExcluded |= t.vendor() == CpuVendor.AMD && Eligibility.evaluate(p, t, true) != null;
        continue;
      }
      shapes.add(
          new Shape(
              t.name(),
              t.vcpus(),
              t.memoryGib(),
              ResourceModel.localDataGib(t),
              v,
              List.copyOf(t.prices().values())));
    }
    for (CustomRates cr : section.customRates()) {
      InstanceType template = CustomShapes.seriesTemplate(section, cr.series());
      CustomShapeRules rules = CustomShapes.customRules(p, cr.series());
      Eligibility.Verdict v =
          template == null || rules == null ? null : Eligibility.evaluate(p, template, q.allowAmd);
      if (v != null) {
        int max = rules.maxVcpus();
        shapes.add(
            new Shape(
                cr.series() + "-custom",
                max,
                max * rules.maxGibPerVcpu(),
                0,
                v,
                List.of(
                    new RegionPrice(cr.region(), cr.vcpuUsdPerHour(), cr.spotVcpuUsdPerHour()))));
      }
    }
    return amdExcluded;
  }

  private static String types(String p, PlanQuery q, List<Shape> shapes) {
    if (!q.types.isEmpty()) {
      shapes.removeIf(s -> !q.typeAllowed(s.name()));
      if (shapes.isEmpty()) {
        return "placement.instanceTypes lists no "
            + p
            + " type that can carry nested ESXi ("
            + String.join(", ", new TreeSet<>(q.types))
            + ")";
      }
    }
    return null;
  }

  private static String kind(String p, PlanQuery q, List<Shape> shapes) {
    if (q.kind != PlacementKind.ANY) {
      shapes.removeIf(s -> !q.kindAllowed(s.verdict.kind()));
      if (shapes.isEmpty()) {
        return "placement.kind is "
            + q.kind.name().toLowerCase(Locale.ROOT)
            + ", and no eligible "
            + p
            + " type is "
            + (q.kind == PlacementKind.METAL ? "bare metal" : "a nested VM");
      }
    }
    return null;
  }

  private static String market(String p, PlanQuery q, List<Shape> shapes) {
    // market: eligible to be bought that way, and priced that way somewhere
    List<Shape> byMarket = new ArrayList<>();
    for (Shape s : shapes) {
      for (Market m : q.markets) {
        if (s.verdict.markets().contains(m)
            && s.prices.stream().anyMatch(rp -> rp.usdPerHour(m).isPresent())) {
          byMarket.add(s);
          break;
        }
      }
    }
    if (byMarket.isEmpty()) {
      String note = Clouds.builtIn().get(p).spotNote();
      String why = note.isEmpty() ? "" : "; " + note;
      return "no eligible "
          + p
          + " type can be bought on the "
          + q.marketPreference.name().toLowerCase(Locale.ROOT).replace('_', '-')
          + " market"
          + why;
    }
    shapes.retainAll(byMarket);
    return null;
  }

  private static String regions(ProviderCatalog section, PlanQuery q, List<Shape> shapes) {
    String p = section.provider();
    // regions
    if (!q.regions.isEmpty()) {
      TreeSet<String> priced = new TreeSet<>();
      List<Shape> inRegion = new ArrayList<>();
      for (Shape s : shapes) {
        boolean any = false;
        for (RegionPrice rp : s.prices) {
          priced.add(rp.region());
          any |= q.regionAllowed(rp.region()) && section.regionRates().containsKey(rp.region());
        }
        if (any) {
          inRegion.add(s);
        }
      }
      if (inRegion.isEmpty()) {
        List<String> list = new ArrayList<>(priced);
        String shown =
            list.size() <= 6
                ? String.join(", ", list)
                : String.join(", ", list.subList(0, 6)) + " and " + (list.size() - 6) + " more";
        return "none of the requested regions "
            + new TreeSet<>(q.regions)
            + " has "
            + p
            + " prices in the catalog; priced regions: "
            + shown
            + (section.note().isEmpty() ? "" : " (" + firstSentence(section.note()) + ")")
            + "; to price "
            + (q.regions.size() == 1 ? "it" : "them")
            + ", read the live catalog into the local cache: "
            + q.regions.stream()
                .sorted()
                .map(r -> "'" + CatalogCache.refreshCommand(p, r) + "'")
                .collect(java.util.stream.Collectors.joining(", "));
      }
      shapes.retainAll(inRegion);
    }
    return null;
  }

  /** The lab's size: one VM's vCPUs, then memory, then vCPUs, then the data disk. */
  private static String fit(String p, LabSpec spec, Requirements req, List<Shape> shapes) {
    // one VM must fit in the L1 host's vCPUs
    Shape most = max(shapes, true);
    if (most.vcpus < req.largestVmVcpus()) {
      return Planner.largestHostName(spec)
          + " needs "
          + req.largestVmVcpus()
          + " vCPUs in one VM; the largest eligible "
          + p
          + " type ("
          + most.name
          + ") has "
          + most.vcpus;
    }
    shapes.removeIf(s -> s.vcpus < req.largestVmVcpus());
    Shape roomiest = max(shapes, false);
    if (usable(roomiest) + 1e-9 < req.l1MemoryGib()) {
      return "needs "
          + gib(req.l1MemoryGib())
          + " GiB memory on the L1 host ("
          + gib(req.nestedMemoryGib())
          + " GiB nested at "
          + spec.policy().memoryOvercommit()
          + "x overcommit, plus L1 overhead); the largest eligible "
          + p
          + " type ("
          + roomiest.name
          + ") has "
          + gib(roomiest.memGib)
          + " GiB, of which "
          + gib(usable(roomiest))
          + " GiB is usable";
    }
    shapes.removeIf(s -> usable(s) + 1e-9 < req.l1MemoryGib());
    most = max(shapes, true);
    if (most.vcpus + 1e-9 < req.l1Vcpus()) {
      return "needs "
          + gib(req.l1Vcpus())
          + " vCPUs on the L1 host ("
          + req.nestedVcpus()
          + " nested vCPUs at "
          + spec.policy().cpuOvercommit()
          + "x overcommit, plus "
          + ResourceModel.L1_RESERVED_VCPUS
          + " reserved); the largest eligible "
          + p
          + " type with enough memory ("
          + most.name
          + ") has "
          + most.vcpus;
    }
    shapes.removeIf(s -> s.vcpus + 1e-9 < req.l1Vcpus());
    if (req.dataDiskGib() > ResourceModel.MAX_DATA_DISK_GIB
        && shapes.stream().noneMatch(s -> s.localGib >= req.dataDiskGib())) {
      return "needs a "
          + req.dataDiskGib()
          + " GiB data disk; NestLab provisions at most "
          + ResourceModel.MAX_DATA_DISK_GIB
          + " GiB and no fitting "
          + p
          + " metal type has that much local NVMe";
    }
    return null;
  }

  private static Shape max(List<Shape> shapes, boolean byVcpus) {
    Shape best = shapes.get(0);
    for (Shape s : shapes) {
      boolean better =
          byVcpus
              ? s.vcpus > best.vcpus || (s.vcpus == best.vcpus && s.memGib > best.memGib)
              : s.memGib > best.memGib || (s.memGib == best.memGib && s.vcpus > best.vcpus);
      if (better) {
        best = s;
      }
    }
    return best;
  }

  private static double usable(Shape s) {
    return ResourceModel.usableMemoryGib(s.memGib);
  }

  static String gib(double d) {
    return Planner.fmt(Math.round(d * 100) / 100.0);
  }

  private static String firstSentence(String note) {
    int dot = note.indexOf(". ");
    return dot < 0 ? note.replaceAll("\\.$", "") : note.substring(0, dot);
  }
}
