package io.nestlab.samples.cli;

import io.nestlab.bootstrap.BootstrapRenderer;
import io.nestlab.bootstrap.BootstrapStep;
import io.nestlab.bootstrap.ProgressLine;
import io.nestlab.bootstrap.RenderOptions;
import io.nestlab.engine.LabStep;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.EsxiHost;
import io.nestlab.spec.LabSpec;
import io.nestlab.spi.ProviderSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How long each step of {@code up} typically takes, for its ETA (docs/design/0038). Real clouds use
 * the durations measured for docs/bootstrap.md; the fake cloud uses its own settings, so its ETA is
 * as honest as a real one.
 */
final class TypicalDurations {
  /** The engine's steps of a creation, in order; {@code bootstrap} holds the host's own phases. */
  static final List<String> STEPS =
      List.of(
          LabStep.KEYS.wire(),
          LabStep.PREFLIGHT.wire(),
          LabStep.NETWORK.wire(),
          LabStep.HOST.wire(),
          LabStep.RUNNING.wire(),
          LabStep.BOOTSTRAP.wire(),
          LabStep.ACCESS.wire(),
          LabStep.CREDENTIALS.wire());

  /** Bootstrap phases of a real L1 host (docs/bootstrap.md, metal host, media in region). */
  private static final Map<String, Duration> REAL_PHASES =
      Map.ofEntries(
          Map.entry("preflight", Duration.ofSeconds(10)),
          Map.entry("secrets", Duration.ofSeconds(1)),
          Map.entry("storage", Duration.ofSeconds(20)),
          Map.entry("network", Duration.ofSeconds(20)),
          Map.entry("media", Duration.ofMinutes(8)),
          Map.entry("esxi-iso", Duration.ofMinutes(1)),
          Map.entry("esxi-vm", Duration.ofSeconds(10)),
          // Every host installs at once: the first takes the time, the others end soon after.
          Map.entry("esxi-install", Duration.ofMinutes(15)),
          Map.entry("deferred-files", Duration.ofMinutes(1)),
          Map.entry("vcenter-deploy", Duration.ofMinutes(45)),
          Map.entry("host-add", Duration.ofMinutes(1)),
          Map.entry("guest-deploy", Duration.ofMinutes(2)),
          Map.entry("vcenter-configure", Duration.ofMinutes(3)),
          Map.entry("lab-check", Duration.ofSeconds(30)),
          Map.entry(ProgressLine.READY, Duration.ZERO));

  private static final Duration PARALLEL_HOST = Duration.ofMinutes(1);

  /**
   * Bootstrap phases of a real L1 host restored from a blueprint (docs/blueprints.md): nothing is
   * downloaded or installed; the disk's first reads come from the snapshot.
   */
  static final Map<String, Duration> REAL_RESTORE_PHASES = RestoreDurations.REAL_PHASES;

  /** The typical durations of starting {@code spec} on {@code option} from a blueprint. */
  static TypicalDurations ofRestore(LabSpec spec, PlanOption option, ProviderSettings settings) {
    TypicalDurations install = of(spec, option, settings);
    if ("fake".equals(option.provider())) {
      List<BootstrapStep> boot = new ArrayList<>();
      FakeLabProvider.restorePhases().forEach(p -> boot.add(BootstrapStep.of(p)));
      boot.add(BootstrapStep.of(ProgressLine.READY));
      return new TypicalDurations(install.steps, boot, Map.of(), install.unknownPhase);
    }
    return new TypicalDurations(
        install.steps,
        RestoreDurations.realSteps(spec, option),
        REAL_RESTORE_PHASES,
        Duration.ofMinutes(1));
  }

  private final Map<String, Duration> steps;
  private final List<BootstrapStep> boot;
  private final Map<String, Duration> phases;
  private final Duration unknownPhase;

  private TypicalDurations(
      Map<String, Duration> steps,
      List<BootstrapStep> boot,
      Map<String, Duration> phases,
      Duration unknownPhase) {
    this.steps = Map.copyOf(steps);
    this.boot = List.copyOf(boot);
    this.phases = Map.copyOf(phases);
    this.unknownPhase = unknownPhase;
  }

  /** The typical durations of creating {@code spec} on {@code option}. */
  static TypicalDurations of(LabSpec spec, PlanOption option, ProviderSettings settings) {
    if ("fake".equals(option.provider())) {
      Duration transition = Duration.ofMillis(settings.getInt("transition-ms", 1500));
      Duration phase = Duration.ofMillis(settings.getInt("boot-phase-ms", 400));
      List<BootstrapStep> boot = new ArrayList<>();
      for (String p : FakeLabProvider.bootPhases()) {
        if (p.equals("esxi")) {
          for (EsxiHost h : spec.hosts()) {
            boot.add(BootstrapStep.of(p, h.name()));
          }
        } else {
          boot.add(BootstrapStep.of(p));
        }
      }
      boot.add(BootstrapStep.of(ProgressLine.READY));
      return new TypicalDurations(
          Map.of(LabStep.RUNNING.wire(), transition, LabStep.BOOTSTRAP.wire(), phase),
          boot,
          Map.of(),
          phase);
    }
    boolean metal = option.kind() == io.nestlab.catalog.HostKind.METAL;
    Map<String, Duration> steps =
        Map.of(
            LabStep.KEYS.wire(), Duration.ofSeconds(1),
            LabStep.PREFLIGHT.wire(), Duration.ofSeconds(5),
            LabStep.NETWORK.wire(), Duration.ofSeconds(20),
            LabStep.HOST.wire(), Duration.ofSeconds(15),
            // Metal instances take minutes to pass their firmware; VMs about one.
            LabStep.RUNNING.wire(), metal ? Duration.ofMinutes(8) : Duration.ofMinutes(1),
            LabStep.ACCESS.wire(), Duration.ofSeconds(20),
            LabStep.CREDENTIALS.wire(), Duration.ofSeconds(2));
    List<BootstrapStep> boot;
    try {
      boot = BootstrapRenderer.render(spec, RenderOptions.of(option.provider())).steps();
    } catch (RuntimeException e) {
      boot = List.of(); // no bar, only a spinner and the elapsed time
    }
    return new TypicalDurations(steps, boot, REAL_PHASES, Duration.ofMinutes(1));
  }

  /** Typical duration of an engine step other than the bootstrap. */
  Duration step(String step) {
    if (step.equals(LabStep.BOOTSTRAP.wire())) {
      return remainingBoot(List.of());
    }
    return steps.getOrDefault(step, Duration.ZERO);
  }

  /** The bootstrap steps the host will report, in order; empty when unknown. */
  List<BootstrapStep> boot() {
    return boot;
  }

  /** Typical duration of one bootstrap step. */
  Duration phase(BootstrapStep step) {
    if (step.host() != null
        && (step.phase().equals("esxi-install") || step.phase().equals("esxi-start"))
        && !isFirstHost(step)) {
      return PARALLEL_HOST;
    }
    Duration fixed = steps.get(LabStep.BOOTSTRAP.wire());
    if (fixed != null) {
      return fixed;
    }
    return phases.getOrDefault(step.phase(), unknownPhase);
  }

  private boolean isFirstHost(BootstrapStep step) {
    for (BootstrapStep s : boot) {
      if (s.phase().equals(step.phase())) {
        return s.equals(step);
      }
    }
    return true;
  }

  /** Typical time the bootstrap steps not in {@code done} still take. */
  Duration remainingBoot(java.util.Collection<BootstrapStep> done) {
    Duration sum = Duration.ZERO;
    for (BootstrapStep s : boot) {
      if (!done.contains(s)) {
        sum = sum.plus(phase(s));
      }
    }
    return sum;
  }
}
