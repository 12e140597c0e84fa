package io.nestlab.plan;

import io.nestlab.Problem;
import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.Eligibility;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.spec.EsxiCpus;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.VsphereVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Whether the instance types a lab names in {@code placement.instanceTypes} have a CPU that runs
 * the lab's ESXi and its upgrade target, and that the catalog has them, before anything is bought:
 * {@code nestlab validate} and the rehearsal's dry run ask it (designs 0195, 0201). Pure: the
 * catalog and the CPU table are passed in.
 */
public final class CpuPrecheck {
  /**
   * What the check found.
   *
   * @param problems types whose CPU the ESXi refuses, each with the fix
   * @param warnings types whose CPU is deprecated, or on which NestLab has no statement
   */
  public record Result(List<Problem> problems, List<Problem> warnings) {
    public Result {
      problems = List.copyOf(problems);
      warnings = List.copyOf(warnings);
    }
  }

  private CpuPrecheck() {}

  /**
   * Checks every {@code placement.instanceTypes} entry of {@code spec}: its CPU (found in {@code
   * catalog}, or judged by its name's series), and that one of the lab's providers' sections of
   * {@code catalog} has it ({@link PinnedTypes}; design 0201).
   */
  public static Result check(LabSpec spec, Catalog catalog) {
    return check(spec, catalog, EsxiCpus.embedded());
  }

  static Result check(LabSpec spec, Catalog catalog, EsxiCpus table) {
    List<Problem> problems = new ArrayList<>();
    List<Problem> warnings = new ArrayList<>();
    List<String> types = spec.placement().instanceTypes();
    List<ProviderCatalog> sections = PinnedTypes.sections(spec, catalog);
    for (int i = 0; i < types.size(); i++) {
      String path = "placement.instanceTypes[" + i + "]";
      int refused = problems.size();
      check(spec, catalog, table, path, types.get(i), problems, warnings);
      // a type no section knows, unless its CPU already refused it (design 0201)
      String unknown =
          problems.size() > refused ? null : PinnedTypes.unknown(types.get(i), sections);
      if (unknown != null) {
        problems.add(Problem.of(path, unknown));
      }
    }
    return new Result(problems, warnings);
  }

  /**
   * Checks one type as the rehearsal's dry run does for the lab's own host: {@code type} of {@code
   * provider} against {@code versions}.
   */
  public static Result checkType(
      String provider, String type, List<VsphereVersion> versions, Catalog catalog) {
    List<Problem> problems = new ArrayList<>();
    List<Problem> warnings = new ArrayList<>();
    ProviderCatalog section = catalog.provider(provider).orElse(null);
    InstanceType t = section == null ? null : find(section, type);
    String series = t != null ? t.series() : seriesOf(section, type);
    judge(
        EsxiCpus.embedded(),
        section,
        provider,
        series,
        t == null ? type.contains("metal") : t.metal(),
        type,
        "host",
        versions,
        problems,
        warnings);
    return new Result(problems, warnings);
  }

  /** The ESXi versions a lab runs: its own and, when it rehearses one, its upgrade target. */
  public static List<VsphereVersion> versionsOf(LabSpec spec) {
    return CpuCheck.versionsOf(spec);
  }

  private static void check(
      LabSpec spec,
      Catalog catalog,
      EsxiCpus table,
      String path,
      String type,
      List<Problem> problems,
      List<Problem> warnings) {
    List<String> providers = spec.placement().providers();
    for (ProviderCatalog section : catalog.providers()) {
      if (!providers.isEmpty() && !providers.contains(section.provider())) {
        continue;
      }
      InstanceType t = find(section, type);
      if (t != null) {
        judge(
            table,
            section,
            section.provider(),
            t.series(),
            t.metal(),
            type,
            path,
            CpuCheck.versionsOf(spec),
            problems,
            warnings);
        return;
      }
    }
    // not in the catalog (a custom shape, or a type a live catalog may have): judge it by its
    // name's series where the CPU table knows that series for exactly one of the lab's clouds
    List<ProviderCatalog> known = new ArrayList<>();
    for (ProviderCatalog section : catalog.providers()) {
      if ((providers.isEmpty() || providers.contains(section.provider()))
          && !table.cpusOf(section.provider(), seriesOf(section, type)).isEmpty()) {
        known.add(section);
      }
    }
    if (known.size() == 1) {
      ProviderCatalog section = known.get(0);
      judge(
          table,
          section,
          section.provider(),
          seriesOf(section, type),
          type.contains("metal"),
          type,
          path,
          CpuCheck.versionsOf(spec),
          problems,
          warnings);
    }
  }

  private static void judge(
      EsxiCpus table,
      ProviderCatalog section,
      String provider,
      String series,
      boolean metal,
      String type,
      String path,
      List<VsphereVersion> versions,
      List<Problem> problems,
      List<Problem> warnings) {
    for (int n = 0; n < versions.size(); n++) {
      VsphereVersion v = versions.get(n);
      String label = "ESXi " + v + (n == 0 ? "" : " (the upgrade target)");
      EsxiCpus.Verdict verdict = table.verdict(provider, series, v);
      switch (verdict.support()) {
        case UNSUPPORTED -> {
          String fix = alternatives(table, section, provider, metal, versions);
          problems.add(
              Problem.of(
                  path,
                  type
                      + " cannot run "
                      + label
                      + ": "
                      + verdict.reason()
                      + (fix.isEmpty() ? "" : "; for example " + fix)));
          return;
        }
        case DEPRECATED ->
            warnings.add(
                Problem.of(
                    path,
                    type + ": " + verdict.reason() + "; " + label + " warns about it at install"));
        case UNKNOWN ->
            warnings.add(
                Problem.of(
                    path,
                    type
                        + ": "
                        + verdict.reason()
                        + " ("
                        + label
                        + "); check the Broadcom Compatibility Guide"));
        default -> {}
      }
    }
  }

  /** A few types of the same kind whose CPU every one of {@code versions} supports. */
  private static String alternatives(
      EsxiCpus table,
      ProviderCatalog section,
      String provider,
      boolean metal,
      List<VsphereVersion> versions) {
    if (section == null) {
      return "";
    }
    TreeSet<String> series = new TreeSet<>();
    List<String> examples = new ArrayList<>();
    for (InstanceType t : section.instanceTypes()) {
      if (t.metal() != metal
          || Eligibility.ineligibleReason(t, false) != null
          || series.contains(t.series())) {
        continue;
      }
      boolean ok =
          versions.stream()
              .allMatch(
                  v ->
                      table.verdict(provider, t.series(), v).support()
                          == EsxiCpus.Support.SUPPORTED);
      if (ok) {
        series.add(t.series());
        examples.add(t.name());
      }
    }
    return String.join(", ", examples.subList(0, Math.min(4, examples.size())));
  }

  private static InstanceType find(ProviderCatalog section, String type) {
    for (InstanceType t : section.instanceTypes()) {
      if (t.name().equals(type)) {
        return t;
      }
    }
    return null;
  }

  /**
   * The series of a type {@code section} does not list: of its custom shapes ({@code
   * n2-custom-8-32768}, N1's {@code custom-8-32768}), else {@link #seriesOf(String)}.
   */
  static String seriesOf(ProviderCatalog section, String type) {
    if (section != null) {
      for (io.nestlab.catalog.CustomRates cr : section.customRates()) {
        io.nestlab.catalog.CustomShapeRules rules =
            CustomShapes.customRules(section.provider(), cr.series());
        if (rules != null) {
          String name = rules.name(0, 0);
          if (type.startsWith(name.substring(0, name.length() - "0-0".length()))) {
            return cr.series();
          }
        }
      }
    }
    return seriesOf(type);
  }

  /** The series of a type the catalog does not list: what comes before its first '.' or '-'. */
  static String seriesOf(String type) {
    int cut = type.length();
    for (char c : new char[] {'.', '-'}) {
      int at = type.indexOf(c);
      if (at > 0 && at < cut) {
        cut = at;
      }
    }
    return type.substring(0, cut).toLowerCase(Locale.ROOT);
  }
}
