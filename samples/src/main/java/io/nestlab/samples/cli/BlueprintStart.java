package io.nestlab.samples.cli;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.engine.LabEngine;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.Blueprint;
import io.nestlab.state.LabStateException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code up --from NAME} / {@code up --blueprint NAME} add to {@code up}: the blueprint's lab,
 * provider and region as defaults, the expected time per phase of a restore, and the copy into
 * another region that {@code --copy} asks for.
 */
final class BlueprintStart {
  private final LabCommandOptions lab;
  private final String name;
  private final boolean copy;
  private final Blueprint record;

  private BlueprintStart(LabCommandOptions lab, String name, boolean copy, Blueprint record) {
    this.lab = lab;
    this.name = name;
    this.copy = copy;
    this.record = record;
  }

  static BlueprintStart of(
      LabCommandOptions lab, Path file, String from, String blueprint, boolean copy) {
    if (from != null && blueprint != null && !from.equals(blueprint)) {
      throw problem("--from", "and --blueprint name different blueprints; give one of them");
    }
    String name = from != null ? from : blueprint;
    if (name == null) {
      if (copy) {
        throw problem("--copy", "copies a blueprint: give --from NAME too");
      }
      if (file == null) {
        throw problem("FILE", "is required: the lab file to create (or --blueprint NAME)");
      }
      return new BlueprintStart(lab, null, false, null);
    }
    LabEngine engine = lab.engineBuilder().build();
    Blueprint record = engine.blueprintStore().find(name).orElse(null);
    if (file == null && record == null) {
      engine.blueprint(name); // fails saying where records are and how to find the blueprint
    }
    return new BlueprintStart(lab, name, copy, record);
  }

  /**
   * Refuses, before anything is planned or printed, a blueprint that is neither recorded here nor
   * tagged on a complete snapshot in {@code provider}'s cloud (exit 4, as for an unknown lab;
   * docs/design/0185). A recorded blueprint is checked by the create itself.
   */
  void requireKnown(String provider, ProviderSettings settings) {
    if (name == null) {
      return;
    }
    if (record != null) {
      if (!record.provider().equals(provider)) {
        throw livesElsewhere(name, record, provider);
      }
      return;
    }
    LabEngine engine = lab.engineBuilder().build();
    boolean tagged =
        engine.blueprints(provider, settings).stream()
            .anyMatch(v -> name.equals(v.name()) && "ready".equals(v.state()));
    if (!tagged) {
      throw new LabStateException(
          "no blueprint "
              + name
              + " is recorded in "
              + engine.blueprintStore().location()
              + " and "
              + provider
              + " has no complete snapshot tagged "
              + io.nestlab.spi.BlueprintTags.BLUEPRINT
              + "="
              + name
              + "; 'nestlab blueprints --provider "
              + provider
              + "' lists the ones it has, 'nestlab save LAB --as "
              + name
              + "' makes one");
    }
  }

  /**
   * A blueprint recorded on another provider than the one given: as {@code status LAB --provider}
   * of a lab on another provider, a state error (exit 4) naming the fix.
   */
  static LabStateException livesElsewhere(String name, Blueprint record, String given) {
    return new LabStateException(
        "blueprint "
            + name
            + " lives on provider '"
            + record.provider()
            + "' ("
            + record.region()
            + "), not '"
            + given
            + "'; drop --provider or pass --provider "
            + record.provider());
  }

  private static InvalidSpecException problem(String where, String what) {
    return new InvalidSpecException("command line", List.of(Problem.of(where, what)));
  }

  /** The blueprint's name, or null for a lab built from installers. */
  String name() {
    return name;
  }

  /** The lab file's lab, or the blueprint's own when no file was given. */
  LabSpec spec(Path file) {
    if (file != null) {
      return LabSpecs.read(file);
    }
    return Objects.requireNonNull(record).spec();
  }

  /** The blueprint's provider when it is recorded here. */
  String provider() {
    return record == null ? null : record.provider();
  }

  /** The region to plan in: the one given, else the blueprint's. */
  String region(String given) {
    return given != null || record == null ? given : record.region();
  }

  TypicalDurations durations(LabSpec spec, PlanOption option, ProviderSettings settings) {
    return name == null
        ? TypicalDurations.of(spec, option, settings)
        : TypicalDurations.ofRestore(spec, option, settings);
  }

  /** For a restore: the expected time per phase, against an install's. */
  void showRestore(PrintWriter out, LabSpec spec, PlanOption option, ProviderSettings settings) {
    if (name == null) {
      return;
    }
    TypicalDurations restore = TypicalDurations.ofRestore(spec, option, settings);
    RestoreDurations.print(out, "  from blueprint " + name + ", no install", restore);
    out.println(
        "    (built from installers: about "
            + RestoreDurations.human(
                RestoreDurations.total(TypicalDurations.of(spec, option, settings)))
            + ")");
    if (copy && record != null && record.snapshotIn(option.region()).isEmpty()) {
      out.println(
          "  --copy: blueprint "
              + name
              + " is copied from "
              + record.region()
              + " to "
              + option.region()
              + " first"
              + io.nestlab.cost.SnapshotStorage.perMonth(
                      option.provider(), option.region(), record.billedGib())
                  .map(m -> ": about " + m + "/month more storage while the copy lives")
                  .orElse("")
              + ", plus the cloud's inter-region transfer per GB");
    }
  }

  /** Copies the blueprint into the plan's region when --copy asks and it is not there yet. */
  void copyIfAsked(PrintWriter out, PlanOption option, ProviderSettings settings) {
    if (name == null || !copy) {
      return;
    }
    Optional<Blueprint> b = Optional.ofNullable(record);
    if (b.isEmpty() || b.get().snapshotIn(option.region()).isPresent()) {
      return;
    }
    LabEngine engine = lab.engine(out);
    Blueprint copied = engine.copyBlueprint(name, option.region(), settings);
    out.println(
        "  copied blueprint "
            + name
            + " to "
            + option.region()
            + ": snapshot "
            + copied.copies().get(option.region()));
    out.flush();
  }
}
