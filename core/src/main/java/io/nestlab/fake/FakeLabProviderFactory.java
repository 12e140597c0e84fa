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
    settings.rejectUnknown(id(), SETTINGS.stream().map(SettingDoc::key).toList());
    settings
        .get("region")
        .ifPresent(
            r -> {
              if (!r.equals(FakeCatalog.REGION)) {
                throw new io.nestlab.InvalidSpecException(
                    "provider settings",
                    List.of(
                        io.nestlab.Problem.of(
                            "region",
                            "'" + r + "' is not a fake region; use " + FakeCatalog.REGION)));
              }
            });
    double throttle = settings.getDouble("throttle", 0.0);
    if (throttle < 0 || throttle > 1) {
      throw new io.nestlab.InvalidSpecException(
          "provider settings",
          List.of(io.nestlab.Problem.of("throttle", throttle + " is not within 0.0 .. 1.0")));
    }
    FakeFaults faults =
        FakeFaults.none()
            .withFailCall(Math.max(0, settings.getInt("fail-call", 0)))
            .withThrottle(throttle, settings.getInt("seed", 1))
            .withCapacityErrors(Math.max(0, settings.getInt("capacity-errors", 0)))
            .withQuotaError(settings.getBoolean("quota-error", false))
            .withFailBootPhase(settings.get("fail-boot-phase").orElse(null));
    return FakeLabProvider.builder()
        .directory(settings.get("dir").map(Path::of).orElse(null))
        .latency(Duration.ofMillis(Math.max(0, settings.getInt("latency-ms", 0))))
        .transition(Duration.ofMillis(Math.max(0, settings.getInt("transition-ms", 1500))))
        .bootPhase(Duration.ofMillis(Math.max(0, settings.getInt("boot-phase-ms", 400))))
        .faults(faults)
        .sshStandIn(
            Math.max(0, settings.getInt("ssh-port", 0)),
            settings.get("ssh-user").orElse(System.getProperty("user.name")))
        .bootConsole(settings.get("console-file").map(FakeLabProviderFactory::read).orElse(""))
        .credentialsPath(settings.get("credentials-file").orElse(null))
        .authorizedKeys(settings.get("authorized-keys").map(Path::of).orElse(null))
        .build();
  }

  private static String read(String file) {
    try {
      return java.nio.file.Files.readString(Path.of(file));
    } catch (java.io.IOException e) {
      throw new io.nestlab.InvalidSpecException(
          "provider settings",
          List.of(io.nestlab.Problem.of("console-file", "cannot read " + file + ": " + e)));
    }
  }
}
