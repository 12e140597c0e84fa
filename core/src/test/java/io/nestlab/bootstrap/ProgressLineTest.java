package io.nestlab.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  @Test
  void parsesTheDocumentedForm() {
    ProgressLine l =
        ProgressLine.parse(
            "NESTLAB phase=esxi-install host=esx-01 status=done t=2026-11-24T10:00:00Z");
    assertEquals("esxi-install", l.phase());
    assertEquals("esx-01", l.host());
    assertEquals(ProgressStatus.DONE, l.status());
    assertEquals(Instant.parse("2026-11-24T10:00:00Z"), l.time());
    assertEquals(
        "NESTLAB phase=esxi-install host=esx-01 status=done t=2026-11-24T10:00:00Z", l.format());
    assertFalse(l.isReady());
  }

  @Test
  void readyIsTheFinalLine() {
    ProgressLine l = ProgressLine.parse("NESTLAB phase=ready status=done t=2026-11-24T11:02:03Z");
    assertTrue(l.isReady());
    assertTrue(l.hostIfPresent().isEmpty());
  }

  @Test
  void skipsConsolePrefixesAndKeepsTheReason() {
    ProgressLine l =
        ProgressLine.parse(
            "[  12.345] cloud-init[812]: NESTLAB phase=preflight status=failed"
                + " t=2026-11-24T10:00:00Z reason=nested-off extra=ignored");
    assertEquals(ProgressStatus.FAILED, l.status());
    assertEquals("nested-off", l.reason());
  }

  @Test
  void malformedLinesAreRefusedWithWhatIsWrong() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ProgressLine.parse("hello"))
            .getMessage()
            .contains("not a progress line"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> ProgressLine.parse("NESTLAB phase=x status=maybe t=2026-11-24T10:00:00Z"))
            .getMessage()
            .contains("start, done or failed"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> ProgressLine.parse("NESTLAB phase=x status=done t=yesterday"))
            .getMessage()
            .contains("ISO-8601"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> ProgressLine.parse("NESTLAB phase=x status=done"))
            .getMessage()
            .contains("t=<instant>"));
    assertTrue(ProgressLine.tryParse("NESTLAB phase=x status=done t=bad").isEmpty());
  }

  @Test
  void formatThenParseGivesTheSameLine() {
    java.util.Random random = new java.util.Random(42);
    String[] phases = {"preflight", "esxi-install", "vcenter-deploy", "ready"};
    for (int i = 0; i < 200; i++) {
      ProgressLine l =
          new ProgressLine(
              phases[random.nextInt(phases.length)],
              random.nextBoolean() ? "esx-" + random.nextInt(32) : null,
              ProgressStatus.values()[random.nextInt(3)],
              Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000)),
              random.nextBoolean() ? "exit-" + random.nextInt(255) : null);
      assertEquals(l, ProgressLine.parse(l.format()));
    }
  }

  @Test
  void aFieldWithASpaceCannotBeWritten() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ProgressLine.of("esxi install", null, ProgressStatus.START, Instant.EPOCH));
  }

  @Test
  void trackerCountsEachLineOnceAndReportsReadyAndFailure() {
    RenderedBootstrap b = BootstrapRenderer.render(Labs.singleHost(), RenderOptions.of("aws"));
    ProgressTracker tracker = ProgressTracker.of(b.steps());
    List<String> events = new ArrayList<>();
    tracker.addListener(
        new ProgressListener() {
          @Override
          public void onStart(ProgressLine line) {
            events.add("start " + line.step());
            throw new IllegalStateException("a broken listener");
          }

          @Override
          public void onDone(ProgressLine line) {
            events.add("done " + line.step());
          }

          @Override
          public void onReady(ProgressLine line) {
            events.add("ready");
          }
        });
    String first =
        """
        Ubuntu 24.04 LTS l1 ttyS0
        ci-info: -----BEGIN SSH HOST KEY FINGERPRINTS-----
        ci-info: 256 SHA256:Vb3BNt0x1Y0kq2v9r6d8mAqF0l7bEw5cJ3xRzv2xQ1E root@l1 (ED25519)
        ci-info: -----END SSH HOST KEY FINGERPRINTS-----
        NESTLAB phase=preflight status=start t=2026-11-24T10:00:00Z
        nestlab: preflight: vmx, /dev/kvm, nested=Y, ept=Y, ignore_msrs=Y
        NESTLAB phase=preflight status=done t=2026-11-24T10:00:02Z
        """;
    assertEquals(2, tracker.accept(first).size());
    // The console returns an overlapping window: old lines are not reported again.
    String second =
        first
            + "NESTLAB phase=esxi-install host=esx-01 status=start t=2026-11-24T10:20:00Z\n"
            + "NESTLAB phase=esxi-install host=esx-01 status=done t=2026-11-24T10:31:00Z\n"
            + "NESTLAB phase=ready status=done t=2026-11-24T10:40:00Z\n";
    assertEquals(3, tracker.accept(second).size());
    assertTrue(tracker.isReady());
    assertTrue(tracker.failure().isEmpty());
    assertEquals(3, tracker.doneCount(), "preflight, esxi-install esx-01 and ready");
    assertEquals(
        List.of(
            "start preflight",
            "done preflight",
            "start esxi-install esx-01",
            "done esxi-install esx-01",
            "ready"),
        events);
    assertEquals(
        Map.of("ED25519", "SHA256:Vb3BNt0x1Y0kq2v9r6d8mAqF0l7bEw5cJ3xRzv2xQ1E"),
        tracker.hostKeyFingerprints());
  }

  @Test
  void trackerKeepsTheFirstFailure() {
    ProgressTracker tracker = ProgressTracker.create();
    tracker.accept(
        "NESTLAB phase=media status=failed t=2026-11-24T10:05:00Z reason=exit-1\n"
            + "NESTLAB phase=bootstrap status=failed t=2026-11-24T10:05:01Z reason=exit-1\n");
    assertEquals("media", tracker.failure().orElseThrow().phase());
    assertEquals(ProgressStatus.FAILED, tracker.status(BootstrapStep.of("media")).orElseThrow());
    assertFalse(tracker.isReady());
  }
}
