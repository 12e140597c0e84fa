package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.WaitLevel;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.FileLabStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole lab lifecycle from the command line, on the directory-backed fake cloud. */
class LabLifecycleCommandsTest {
  @TempDir Path tmp;
  private FakeCloudCli cli;

  @BeforeEach
  void cli() {
    cli = new FakeCloudCli(tmp);
  }

  @Test
  void aPreflightTheCloudRefusesIsAProviderErrorWithNothingLeft() {
    int code =
        cli.run(
            cli.lab(
                "up",
                FakeCloudCli.sample("single-host.yaml").toString(),
                "--provider",
                "fake",
                "--yes",
                "--provider-opt",
                "quota-error=true"));
    assertEquals(ExitCode.PROVIDER, code, cli.err());
    assertTrue(cli.err().contains("fake: preflight failed: "), cli.err());
    assertTrue(cli.err().contains("quota"), cli.err());
  }

  @Test
  void upStatusCostStopStartDownFromTheCommandLine() {
    assertEquals(
        0,
        cli.run(
            cli.lab(
                "up",
                FakeCloudCli.sample("single-host.yaml").toString(),
                "--provider",
                "fake",
                "--yes")),
        cli.err());
    assertTrue(cli.out().contains("plan: fake fake-central-1"), cli.out());
    Matcher m = Pattern.compile("lab (single-host-[a-z0-9]+) is ready").matcher(cli.out());
    assertTrue(m.find(), cli.out());
    String id = m.group(1);

    assertEquals(0, cli.run(cli.lab("status", id)), cli.err());
    assertTrue(cli.out().contains("status     ready"), cli.out());
    assertTrue(cli.out().contains(" running "), cli.out());

    assertEquals(0, cli.run(cli.lab("cost", id)), cli.err());
    assertTrue(cli.out().contains("so far"), cli.out());
    assertTrue(cli.out().contains("projected"), cli.out());

    assertEquals(0, cli.run(cli.lab("list")));
    assertTrue(cli.out().contains(id) && cli.out().contains("ready"), cli.out());

    // No SSH on fake hosts: said as such, not as access still to come.
    for (String command : List.of("ssh", "creds", "connect")) {
      assertEquals(ExitCode.STATE, cli.run(command, id, "--state-dir", cli.state().toString()));
      assertTrue(cli.err().contains("has no SSH access: its host offered none"), cli.err());
      assertTrue(cli.err().contains("ssh-port=PORT"), cli.err());
      assertFalse(cli.err().contains("it gets one when"), cli.err());
    }

    assertEquals(0, cli.run(cli.lab("stop", id)), cli.err());
    assertTrue(cli.out().contains("is stopped; disks cost"), cli.out());
    assertEquals(0, cli.run(cli.lab("start", id)), cli.err());
    assertEquals(0, cli.run(cli.lab("down", id, "--yes")), cli.err());
    assertTrue(cli.out().contains("is destroyed: nothing tagged with it is left"), cli.out());
    try (FakeLabProvider cloud =
        FakeLabProvider.builder().directory(tmp.resolve("cloud")).build()) {
      assertEquals(List.of(), cloud.listOwned(TagFilter.anyLab()));
    }
  }

  @Test
  void resumeWaitsForALabThatUpLeftBeforeReady() {
    assertEquals(
        0,
        cli.run(
            cli.lab(
                "up",
                FakeCloudCli.sample("single-host.yaml").toString(),
                "--provider",
                "fake",
                "--yes",
                "--wait",
                "infrastructure")),
        cli.err());
    Matcher m =
        Pattern.compile("wait here    nestlab resume (single-host-[a-z0-9]+) ").matcher(cli.out());
    assertTrue(m.find(), cli.out());
    assertEquals(0, cli.run(cli.lab("resume", m.group(1))), cli.err());
    assertTrue(cli.out().contains("lab " + m.group(1) + " is ready"), cli.out());
  }

  @Test
  void sweepFindsExpiredLabsFromTagsAloneWithNoState() throws Exception {
    // A lab whose 4 h lease ended an hour ago: created by an engine whose clock says 5 h ago (the
    // engine refuses a lease too short to run anything, so a short TTL cannot make one).
    LabSpec spec = LabSpecs.read(FakeCloudCli.sample("single-host.yaml"));
    ProviderSettings settings = ProviderSettings.of(Map.of("dir", tmp.resolve("cloud").toString()));
    LabEngine.builder(FileLabStore.at(tmp.resolve("elsewhere")))
        .clock(Clock.fixed(Instant.now().minus(Duration.ofHours(5)), ZoneOffset.UTC))
        .build()
        .create(
            CreateRequest.of(spec, LabPlanning.cheapest(spec, "fake", null), settings)
                .withWait(WaitLevel.NONE));
    assertEquals(0, cli.run(cli.sweepWithoutState(true)), cli.err());
    assertTrue(cli.out().contains("would delete instance fake-i-"), cli.out());
    assertFalse(Files.exists(cli.noState()), "sweep needs no state");
    assertEquals(0, cli.run(cli.sweepWithoutState(false)), cli.err());
    assertTrue(cli.out().contains("resources deleted"), cli.out());
    try (FakeLabProvider cloud =
        FakeLabProvider.builder().directory(tmp.resolve("cloud")).build()) {
      assertEquals(List.of(), cloud.listOwned(TagFilter.anyLab()));
    }
  }

  @Test
  void userErrorsGetClearMessagesAndTheirExitCodes() {
    assertEquals(ExitCode.STATE, cli.run(cli.lab("down", "no-such-lab")));
    assertTrue(cli.err().contains("no lab 'no-such-lab'"), cli.err());
    assertFalse(cli.err().contains("\tat "), cli.err());
    // article-lab's placement names two providers: up cannot choose for the user.
    assertEquals(
        ExitCode.INVALID_INPUT,
        cli.run(cli.lab("up", FakeCloudCli.sample("article-lab.yaml").toString(), "--yes")));
    assertTrue(cli.err().contains("--provider: is required"), cli.err());
    assertEquals(
        ExitCode.INVALID_INPUT,
        cli.run(
            cli.lab(
                "up",
                FakeCloudCli.sample("single-host.yaml").toString(),
                "--provider",
                "fake",
                "--provider-opt",
                "colour=blue",
                "--yes")));
    assertTrue(cli.err().contains("colour: is not a setting of provider 'fake'"), cli.err());
    assertEquals("", cli.out(), "a bad setting is said before any plan is printed");
    assertEquals(
        ExitCode.INVALID_INPUT,
        cli.run(
            "up",
            FakeCloudCli.sample("single-host.yaml").toString(),
            "--provider",
            "fake",
            "--state-dir",
            cli.state().toString(),
            "--provider-opt",
            "transition-ms=abc",
            "--yes"));
    assertTrue(cli.err().contains("transition-ms: 'abc' is not a whole number"), cli.err());
    assertEquals("", cli.out(), "a bad value too");
    assertEquals(ExitCode.INVALID_INPUT, cli.run(cli.lab("sweep")));
  }
}
