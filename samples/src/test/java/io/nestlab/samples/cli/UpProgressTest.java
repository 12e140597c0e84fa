package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.engine.LabEvent;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.WaitLevel;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spi.ProviderSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;

/** up's progress: what each step shows, its elapsed time and the ETA from typical durations. */
class UpProgressTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final LabSpec SPEC =
      LabSpecs.read(
          Path.of(System.getProperty("nestlab.repo.dir"), "samples", "labs", "single-host.yaml"));

  private final List<String> printed = new ArrayList<>();

  private static LabEvent event(String step, LabEvent.Kind kind, Duration at, String detail) {
    return new LabEvent("lab-1", step, kind, T0.plus(at), detail, null);
  }

  private UpProgress progress(String provider, WaitLevel wait) {
    PlanOption option = LabPlanning.cheapest(SPEC, provider, null);
    TypicalDurations typical = TypicalDurations.of(SPEC, option, ProviderSettings.empty());
    UpProgress p = new UpProgress(typical, wait, Clock.fixed(T0, ZoneOffset.UTC));
    p.renderTo(printed::add);
    return p;
  }

  private static String line(List<String> lines, String step) {
    return lines.stream()
        .filter(l -> l.substring(4).startsWith(step + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + step + " in " + lines));
  }

  @Test
  void aRunningStepShowsElapsedTimeABarAndWhatIsLeftByItsTypicalDuration() {
    UpProgress p = progress("gcp", WaitLevel.READY);
    p.onEvent(event(LabStep.KEYS.wire(), LabEvent.Kind.START, Duration.ZERO, ""));
    p.onEvent(
        event(LabStep.KEYS.wire(), LabEvent.Kind.END, Duration.ofSeconds(1), "SSH key pair made"));
    p.onEvent(event(LabStep.NETWORK.wire(), LabEvent.Kind.START, Duration.ofSeconds(2), ""));

    List<String> lines = p.lines(T0.plusSeconds(7));
    assertTrue(line(lines, "keys").startsWith(" ok keys"), lines.toString());
    assertTrue(line(lines, "keys").contains("0:01  SSH key pair made"), lines.toString());
    // The network typically takes 20 s: 5 s in, about 15 s are left.
    String network = line(lines, "network");
    assertTrue(network.contains("0:05"), network);
    assertTrue(network.contains("[#####---------------]"), network);
    assertTrue(network.contains("about 15s left"), network);
    assertTrue(line(lines, "host").contains("typically 15s"), lines.toString());
    // The whole: the rest of the network, the host, its start and the bootstrap (many minutes).
    String total = lines.get(lines.size() - 1);
    assertTrue(total.contains("elapsed 0:07"), total);
    assertTrue(total.matches(".*about 1 h \\d\\d min left.*"), total);

    // Past its typical duration a step says so instead of a negative time.
    assertTrue(
        line(p.lines(T0.plusSeconds(60)), "network").contains("taking longer than usual"),
        lines.toString());
  }

  @Test
  void aStepWithNoTypicalTimeIsNeverTakingLongerThanUsual() {
    // The fake provider's steps typically take 0 s: at 0:00 nothing is late.
    UpProgress p = progress("fake", WaitLevel.READY);
    p.onEvent(event(LabStep.NETWORK.wire(), LabEvent.Kind.START, Duration.ZERO, ""));
    p.onEvent(event(LabStep.NETWORK.wire(), LabEvent.Kind.END, Duration.ZERO, "net-1"));
    p.onEvent(event(LabStep.HOST.wire(), LabEvent.Kind.START, Duration.ZERO, ""));
    for (Duration at : List.of(Duration.ZERO, Duration.ofSeconds(5))) {
      String host = line(p.lines(T0.plus(at)), "host");
      assertFalse(host.contains("taking longer than usual"), host);
      assertFalse(host.contains("about 0s left"), host);
    }
    p.onEvent(event(LabStep.HOST.wire(), LabEvent.Kind.END, Duration.ZERO, "host i-1"));
    p.onEvent(event(LabStep.BOOTSTRAP.wire(), LabEvent.Kind.START, Duration.ZERO, ""));
    p.onEvent(event(LabStep.BOOTSTRAP.wire(), LabEvent.Kind.INFO, Duration.ZERO, "packages start"));
    String boot = line(p.lines(T0), "bootstrap");
    assertFalse(boot.contains("taking longer than usual"), boot);
  }

  @Test
  void theBootstrapCountsItsPhasesAndItsEtaShrinksAsThePhasesEnd() {
    UpProgress p = progress("gcp", WaitLevel.READY);
    p.onEvent(event(LabStep.BOOTSTRAP.wire(), LabEvent.Kind.START, Duration.ZERO, ""));
    Duration before = p.remaining(T0);
    p.onEvent(event(LabStep.BOOTSTRAP.wire(), LabEvent.Kind.INFO, Duration.ZERO, "media start"));
    p.onEvent(
        event(LabStep.BOOTSTRAP.wire(), LabEvent.Kind.INFO, Duration.ofMinutes(3), "media done"));
    p.onEvent(
        event(
            LabStep.BOOTSTRAP.wire(),
            LabEvent.Kind.INFO,
            Duration.ofMinutes(3),
            "esxi-iso (esx-01) start"));
    Duration after = p.remaining(T0.plus(Duration.ofMinutes(3)));
    // media typically takes 8 min; it was done: that much less is left.
    assertEquals(Duration.ofMinutes(8), before.minus(after));
    String boot = line(p.lines(T0.plus(Duration.ofMinutes(3))), "bootstrap");
    assertTrue(boot.matches(".*\\] 1/\\d+ esxi-iso esx-01 about .* left"), boot);
    String said = printed.get(printed.size() - 1);
    assertTrue(
        said.matches(
            "\\[3:00\\] bootstrap: esxi-iso \\(esx-01\\) start \\(1/\\d+, about "
                + UpProgress.human(after)
                + " left\\)"),
        said);
  }

  @Test
  void withoutATerminalEachChangeIsOneLine() {
    UpProgress p = progress("fake", WaitLevel.INFRASTRUCTURE);
    p.onEvent(event(LabStep.CREATE.wire(), LabEvent.Kind.START, Duration.ZERO, ""));
    p.onEvent(event(LabStep.HOST.wire(), LabEvent.Kind.START, Duration.ofSeconds(1), ""));
    p.onEvent(event(LabStep.HOST.wire(), LabEvent.Kind.END, Duration.ofSeconds(3), "host i-1 (t)"));
    p.onEvent(event(LabStep.RUNNING.wire(), LabEvent.Kind.START, Duration.ofSeconds(3), ""));
    p.onEvent(
        event(
            LabStep.RUNNING.wire(),
            LabEvent.Kind.FAILURE,
            Duration.ofSeconds(65),
            "quota exceeded"));
    assertEquals(
        List.of(
            "[0:01] host: started (typically 0s)",
            "[0:03] host: done in 0:02 - host i-1 (t)",
            "[0:03] running: started (typically 1s)",
            "[1:05] running: FAILED after 1:02: quota exceeded"),
        printed);
    // --wait infrastructure ends with the running host: no bootstrap line to wait for.
    assertFalse(
        p.lines(T0).stream().anyMatch(l -> l.contains(LabStep.BOOTSTRAP.wire())),
        p.lines(T0).toString());
  }

  @Test
  void onATerminalTheBoardIsRedrawnInPlaceThroughJline() throws Exception {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    // An external terminal writes through its line discipline on the caller's thread; the
    // builder's pty-backed one copies through a pump thread that may lag behind close().
    try (Terminal terminal =
        new ExternalTerminal(
            "test",
            "xterm",
            new ByteArrayInputStream(new byte[0]),
            screen,
            StandardCharsets.UTF_8)) {
      terminal.setSize(Size.of(100, 30));
      UpProgress p = progress("gcp", WaitLevel.READY);
      LiveRenderer r = LiveRenderer.start(terminal, p, Clock.fixed(T0, ZoneOffset.UTC));
      p.onEvent(event(LabStep.KEYS.wire(), LabEvent.Kind.START, Duration.ZERO, ""));
      p.onEvent(event(LabStep.KEYS.wire(), LabEvent.Kind.END, Duration.ZERO, "SSH key pair made"));
      p.onEvent(event(LabStep.PREFLIGHT.wire(), LabEvent.Kind.START, Duration.ZERO, ""));
      r.close();
      r.close();
    }
    String text = screen.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("SSH key pair made"), text);
    assertTrue(text.contains("preflight"), text);
    // Redrawn in place: the cursor goes back up (xterm's cursor-up) instead of scrolling copies.
    assertTrue(text.contains("\u001b[A") || text.matches("(?s).*\u001b\\[\\d+A.*"), text);
    assertTrue(printed.isEmpty(), "on a terminal nothing is printed line by line: " + printed);
  }
}
