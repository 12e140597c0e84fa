package io.nestlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.NestLabException;
import io.nestlab.access.OpenSshServer;
import io.nestlab.access.SshKeyPair;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.internal.io.Json;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rehearsal's engine side over real SSH (design 0120): the fake provider's host is a real
 * OpenSSH server whose sessions run a stand-in {@code nestlab-rehearsal} found on PATH (a
 * ForceCommand wrapper drops {@code sudo -n} and keeps {@code /etc/nestlab} inside the test's
 * directory). Proves the commands the engine sends, the file it writes and the JSON it parses.
 */
class RehearsalSshIT {
  static final PlanOption OPTION = FakeCatalog.option("fake.nested.16x128", 50, 400);
  static final ProviderSettings NONE = ProviderSettings.empty();

  @TempDir static Path dir;
  static OpenSshServer sshd;
  static SshKeyPair key;
  static Path root;
  static Path calls;

  static final String STAND_IN =
      """
      #!/bin/sh
      # A stand-in nestlab-rehearsal: logs its arguments, answers design 0120's JSON.
      echo "$*" >> "$ROOT/calls.log"
      n=$(sed -n '/^start/,$p' "$ROOT/calls.log" | grep -c '^status')
      case "$1 $2" in
        "start "*) echo '{"state":"running"}' ;;
        "status "*)
          if [ "$n" -eq 0 ]; then
            echo '{"state":"none","step":null,"steps":[],"warnings":[]}'
          elif [ "$n" -lt 2 ]; then
            echo '{"state":"running","step":"vcenter","steps":[{"id":"precheck","state":"done","started":"2026-12-01T10:00:00Z","ended":"2026-12-01T10:03:00Z","message":null}],"warnings":[]}'
          else
            echo '{"state":"failed","step":null,"steps":[],"warnings":[]}'
          fi ;;
        "report "*) cat "$ROOT/report.json" ;;
        "checkpoint create") echo "{\\"name\\":\\"$3\\",\\"created\\":\\"2026-12-01T10:00:00Z\\",\\"bytes\\":1048576}" ;;
        "checkpoint list") echo '{"checkpoints":[{"name":"pre-upgrade","created":"2026-12-01T10:00:00Z","bytes":1048576}]}' ;;
        "checkpoint rollback") echo '{"error":"no checkpoint named '"$3"'; list them with: nestlab checkpoints LAB"}'; exit 1 ;;
        "checkpoint delete") echo "{\\"name\\":\\"$3\\",\\"deleted\\":true}" ;;
        *) echo '{"error":"usage"}'; exit 2 ;;
      esac
      """;

  static final String REPORT =
      """
      {"labId":"x","state":"failed","dryRun":false,
       "before":{"vcenter":{"version":"7.0U3","build":"21958406"},"hosts":{"esx-02":{"version":"7.0U3","build":"21930508"}}},
       "after":null,
       "steps":[{"id":"esx-02","state":"failed","started":"2026-12-01T11:00:00Z","ended":"2026-12-01T11:31:00Z","message":"old build"}],
       "checks":[],"warnings":["vCLS on nested hosts"],
       "failure":{"step":"esx-02","host":"esx-02","message":"esx-02 came back on build 21930508"},
       "logs":[{"name":"esxi-upgrade-esx-02","path":"/var/lib/nestlab/rehearsal/logs/x.log","tail":"vmware -v"}]}
      """;

  @BeforeAll
  static void start() throws IOException {
    key = SshKeyPair.generate("nestlab-rehearsal-it");
    root = Files.createDirectories(dir.resolve("host"));
    Path bin = Files.createDirectories(root.resolve("bin"));
    write(bin.resolve("nestlab-rehearsal"), STAND_IN);
    Files.writeString(root.resolve("report.json"), REPORT);
    Path wrapper =
        write(
            root.resolve("force-command"),
            "#!/bin/sh\n"
                + "cmd=$(printf '%s' \"$SSH_ORIGINAL_COMMAND\" | sed -e 's#^sudo -n ##'"
                + " -e 's#/etc/nestlab#"
                + root
                + "/etc/nestlab#g')\n"
                + "ROOT="
                + root
                + " PATH="
                + bin
                + ":$PATH exec sh -c \"$cmd\"\n");
    calls = root.resolve("calls.log");
    sshd =
        OpenSshServer.start(
            Files.createDirectories(dir.resolve("sshd")),
            key.publicKeyLine(),
            "ForceCommand " + wrapper);
  }

  private static Path write(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @AfterAll
  static void stop() {
    if (sshd != null) {
      sshd.close();
    }
  }

  @Test
  void theEngineDrivesTheHostProgramOverSshAndKeepsItsReport() throws Exception {
    Path creds = sshd.dir().resolve("secrets.env");
    Files.writeString(creds, "SSO_PASSWORD=x\n");
    FakeLabProvider fake =
        FakeLabProvider.builder()
            .transition(Duration.ofMillis(50))
            .bootPhase(Duration.ofMillis(20))
            .sshStandIn(sshd.port(), System.getProperty("user.name"))
            .bootConsole(sshd.consoleText("ec2: "))
            .build();
    LabEngine engine =
        LabEngine.builder(FileLabStore.at(dir.resolve("labs")))
            .providers((id, s) -> fake)
            .keys(labId -> new LabKey(key.publicKeyLine(), key.privateKey().reveal()))
            .credentialsPath(creds.toString())
            .pollInterval(Duration.ofMillis(20))
            .stateTimeout(Duration.ofSeconds(30))
            .build();
    LabRecord lab =
        engine.create(
            CreateRequest.of(
                LabSpecs.read(
                    Path.of(
                        System.getProperty("nestlab.repo.dir"),
                        "samples",
                        "labs",
                        "article-lab.yaml")),
                OPTION,
                NONE));
    assertEquals(LabStatus.READY, lab.status(), lab.lastError());

    Checkpoint c = engine.checkpoint(lab.labId(), "before", NONE);
    assertEquals(
        new Checkpoint("before", java.time.Instant.parse("2026-12-01T10:00:00Z"), 1048576), c);
    assertEquals(
        List.of("pre-upgrade"),
        engine.checkpoints(lab.labId(), NONE).stream().map(Checkpoint::name).toList());
    engine.deleteCheckpoint(lab.labId(), "before", NONE);
    NestLabException refused =
        Assertions.assertThrows(
            NestLabException.class, () -> engine.rollback(lab.labId(), "nope", NONE));
    assertTrue(
        refused
            .getMessage()
            .endsWith(
                "(exit 1): no checkpoint named nope; list them with: nestlab checkpoints LAB"),
        refused.getMessage());

    RehearsalReport report =
        engine.rehearse(lab.labId(), new RehearsalOptions(false, "esx-02"), NONE);

    assertEquals("failed", report.state());
    assertEquals(
        "esx-02 (esx-02): esx-02 came back on build 21930508", report.failure().orElseThrow());
    assertTrue(
        report
            .markdown()
            .contains("| esx-02 | failed | 2026-12-01T11:00:00Z | 2026-12-01T11:31:00Z | 31m00s |"),
        report.markdown());
    assertEquals(
        List.of(
            "status",
            "checkpoint create before",
            "checkpoint list",
            "status",
            "checkpoint delete before",
            "status",
            "checkpoint rollback nope",
            "status",
            "start",
            "status",
            "status",
            "report"),
        Files.readAllLines(calls));
    JsonNode config = Json.mapper().readTree(root.resolve("etc/nestlab/rehearsal.json").toFile());
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(root.resolve("etc/nestlab/rehearsal.json"))));
    assertEquals(lab.labId(), config.path("labId").asText());
    assertEquals("esx-02", config.path("stopAfter").asText());
    assertEquals("8.0U3", config.at("/target/esxi/version").asText());
    assertEquals("24022515", config.at("/target/vcenter/build").asText());
    assertEquals("esx-03", config.at("/newAppliance/esxiHost").asText());
    assertEquals("iso", config.at("/hosts/0/method").asText());
    assertEquals(
        "/var/lib/nestlab/data/media/upgrade/esxi-8.0U3.iso", config.at("/media/esxiIso").asText());
    assertEquals(3, config.path("hosts").size());
    assertEquals(report.json(), engine.rehearsalReport(lab.labId(), NONE).json(), "kept in state");
  }
}
