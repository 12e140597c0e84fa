package io.nestlab.fake;

import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabProviderFactory;
import io.nestlab.spi.ProviderSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Makes {@link FakeLabProvider}s from settings ({@code --provider fake --provider-opt dir=PATH}).
 * Found by {@link java.util.ServiceLoader} under the id {@code fake}.
 */
public final class FakeLabProviderFactory implements LabProviderFactory {
  private static final List<SettingDoc> SETTINGS =
      List.of(
          new SettingDoc(
              "dir",
              "keep the fake cloud in this directory so it outlives the JVM (default: memory)",
              false),
          new SettingDoc(
              "region", "must be " + FakeCatalog.REGION + " (the only fake region)", false),
          new SettingDoc("latency-ms", "real milliseconds every API call takes (default 0)", false),
          new SettingDoc(
              "transition-ms",
              "milliseconds a host spends pending, stopping or terminating (default 1500)",
              false),
          new SettingDoc(
              "boot-phase-ms",
              "milliseconds each simulated bootstrap phase takes (default 400)",
              false),
          new SettingDoc("fail-call", "fail the Nth API call with a retryable error", false),
          new SettingDoc("throttle", "share of API calls refused as throttled, 0.0 .. 1.0", false),
          new SettingDoc("seed", "seed of the random choice of throttled calls (default 1)", false),
          new SettingDoc(
              "capacity-errors", "refuse the first N launches for lack of capacity", false),
          new SettingDoc("quota-error", "refuse every launch for lack of quota", false),
          new SettingDoc(
              "fail-boot-phase", "the simulated bootstrap phase that fails, e.g. esxi", false),
          new SettingDoc(
              "ssh-port",
              "an SSH server on 127.0.0.1 standing in for every host (default: no SSH)",
              false),
          new SettingDoc(
              "ssh-user", "the login user of that SSH server (default: the current user)", false),
          new SettingDoc(
              "authorized-keys",
              "the SSH server's authorized_keys file; a launch adds the lab's key there",
              false),
          new SettingDoc(
              "credentials-file",
              "the lab credentials file on that SSH server (default: /etc/nestlab/secrets.env)",
              false),
          new SettingDoc(
              "rehearsal-minute-ms",
              "real milliseconds a typical minute of the simulated upgrade rehearsal takes"
                  + " (default 20)",
              false),
          new SettingDoc(
              "rehearsal-fail",
              "the rehearsal step that fails: vcenter, or a host (it comes back on the old build);"
                  + " kill:STEP kills the host program in that step",
              false),
          new SettingDoc(
              "console-file",
              "text every host prints on its console at boot, e.g. its SSH host key block",
              false));

  @Override
  public String id() {
    return FakeLabProvider.ID;
  }

  @Override
  public String description() {
    return "a fake cloud in memory or in a directory, with fault injection, for tests and demos";
  }

  @Override
  public List<SettingDoc> settings() {
    return SETTINGS;
  }

  @Override
  public LabProvider create(ProviderSettings settings) {
    ProviderSettings.Reader r =
        settings.reader(id(), SETTINGS.stream().map(SettingDoc::key).toList());
    r.string("region")
        .filter(v -> !v.equals(FakeCatalog.REGION))
        .ifPresent(
            v ->
                r.problem("region", "'" + v + "' is not a fake region; use " + FakeCatalog.REGION));
    int latency = r.integer("latency-ms", 0, 0, 60_000);
    int transition = r.integer("transition-ms", 1500, 0, 600_000);
    int bootPhase = r.integer("boot-phase-ms", 400, 0, 600_000);
    int failCall = r.integer("fail-call", 0, 0, Integer.MAX_VALUE);
    double throttle = r.decimal("throttle", 0.0, 0.0, 1.0);
    int seed = r.integer("seed", 1, Integer.MIN_VALUE, Integer.MAX_VALUE);
    int capacityErrors = r.integer("capacity-errors", 0, 0, Integer.MAX_VALUE);
    boolean quotaError = r.bool("quota-error", false);
    String failBootPhase = r.string("fail-boot-phase").orElse(null);
    int sshPort = r.integer("ssh-port", 0, 0, 65_535);
    String sshUser = r.string("ssh-user").orElse(System.getProperty("user.name"));
    String console = r.string("console-file").orElse(null);
    String credentials = r.string("credentials-file").orElse(null);
    Path authorizedKeys = r.string("authorized-keys").map(Path::of).orElse(null);
    Path dir = r.string("dir").map(Path::of).orElse(null);
    int rehearsalMinute = r.integer("rehearsal-minute-ms", 20, 0, 600_000);
    String rehearsalFail = r.string("rehearsal-fail").orElse(null);
    r.done();
    FakeFaults faults =
        FakeFaults.none()
            .withFailCall(failCall)
            .withThrottle(throttle, seed)
            .withCapacityErrors(capacityErrors)
            .withQuotaError(quotaError)
            .withFailBootPhase(failBootPhase);
    return FakeLabProvider.builder()
        .directory(dir)
        .latency(Duration.ofMillis(latency))
        .transition(Duration.ofMillis(transition))
        .bootPhase(Duration.ofMillis(bootPhase))
        .faults(faults)
        .sshStandIn(sshPort, sshUser)
        .bootConsole(console == null ? "" : read(console))
        .credentialsPath(credentials)
        .authorizedKeys(authorizedKeys)
        .rehearsal(Duration.ofMillis(rehearsalMinute), rehearsalFail)
        .build();
  }

  private static String read(String file) {
    try {
      return java.nio.file.Files.readString(Path.of(file));
    } catch (java.io.IOException e) {
      throw new io.nestlab.InvalidSpecException(
          FakeLabProvider.ID + " provider settings",
          List.of(io.nestlab.Problem.of("console-file", "cannot read " + file + ": " + e)));
    }
  }
}
