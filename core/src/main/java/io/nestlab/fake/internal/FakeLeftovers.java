package io.nestlab.fake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.internal.io.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a killed fake rehearsal run leaves running on the host, as a real one does (design 0207):
 * the vCenter installer, which goes on to its end. The fake's status lists it, its checkpoint verbs
 * are refused while it runs, and {@code --force} stops it.
 */
final class FakeLeftovers {
  static final int INSTALLER_PID = 4242;

  private FakeLeftovers() {}

  /** Records the installer of {@code run}, running until {@code end}. */
  static void installer(ObjectNode run, Instant end) {
    run.withArray("/live")
        .addObject()
        .put("pid", INSTALLER_PID)
        .put("command", "vcsa-deploy upgrade /var/lib/nestlab/rehearsal/vcsa-upgrade.json")
        .put("until", end.toString());
  }

  /**
   * The programs a killed run started that still run at {@code now} (the vCenter installer, to its
   * step's typical end), as the real program's status lists them.
   */
  static ArrayNode live(ObjectNode run, Instant now) {
    ArrayNode out = Json.mapper().createArrayNode();
    if (run == null) {
      return out;
    }
    for (JsonNode p : run.withArray("/live")) {
      if (now.isBefore(Instant.parse(p.path("until").asText()))) {
        out.addObject()
            .put("pid", p.path("pid").asInt())
            .put("command", p.path("command").asText());
      }
    }
    return out;
  }

  /**
   * What the real program's checkpoint create, rollback and delete do first (0175, 0179): refused
   * while a killed run's programs still run, naming them; with {@code --force}, those programs are
   * stopped and the rehearsal's warnings say so.
   */
  static void holdLab(ObjectNode run, Instant now, boolean force) {
    ArrayNode live = live(run, now);
    if (live.isEmpty()) {
      return;
    }
    List<String> named = new ArrayList<>();
    live.forEach(
        p -> named.add("pid " + p.path("pid").asInt() + " (" + p.path("command").asText() + ")"));
    if (!force) {
      throw new FakeRehearsal.Refused(
          1,
          "the last rehearsal run ended (killed or interrupted) but programs it started still run"
              + " and may be changing the lab: "
              + String.join(", ", named)
              + "; checkpoint create, rollback and delete are refused until they end"
              + " (`nestlab-rehearsal status` lists them; `nestlab-rehearsal resume` follows an"
              + " installer that still runs), or stop them if they hang");
    }
    run.remove("live");
    run.withArray("/warnings")
        .add("a checkpoint verb with --force stopped " + String.join(", ", named));
  }
}
