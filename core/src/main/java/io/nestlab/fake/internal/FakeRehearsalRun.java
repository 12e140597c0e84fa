package io.nestlab.fake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.internal.io.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One simulated run of the fake's {@code nestlab-rehearsal}: its journal (the {@code run} object of
 * the host's state), steps that end when their typical duration has passed on the fake's clock, and
 * each step's effect on the lab's versions. {@code failStep} names the step that fails ({@code
 * vcenter}: the installer fails; a host: it comes back on its old build) or, as {@code kill:STEP},
 * the step during which the program is killed (the run stays interrupted until resumed).
 */
final class FakeRehearsalRun {
  static final String KILL = "kill:";
  static final String INTERRUPTED = "interrupted; `nestlab-rehearsal resume` redoes this step";

  private final Duration minute;
  private final String failStep;

  FakeRehearsalRun(Duration minute, String failStep) {
    this.minute = minute;
    this.failStep = failStep;
  }

  /** A new run of {@code config}, its first step begun {@code now}. */
  static ObjectNode start(ObjectNode state, JsonNode config, Instant now) {
    ObjectNode run = Json.mapper().createObjectNode();
    run.put("labId", config.path("labId").asText());
    run.put("dryRun", config.path("dryRun").asBoolean());
    run.set("stopAfter", config.path("stopAfter"));
    run.put("state", "running");
    run.set("config", config);
    ObjectNode before = Json.mapper().createObjectNode();
    before.set("vcenter", config.path("source").path("vcenter").deepCopy());
    ObjectNode hosts = before.putObject("hosts");
    for (JsonNode h : config.path("hosts")) {
      hosts.set(h.path("name").asText(), config.path("source").path("esxi").deepCopy());
    }
    if (!state.path("versions").isObject()) {
      state.set("versions", before.deepCopy());
    }
    run.set("before", state.get("versions").deepCopy());
    run.putNull("after");
    run.putNull("observed");
    run.putArray("checks");
    run.putArray("warnings");
    run.putNull("failure");
    run.putArray("logs");
    ArrayNode steps = run.putArray("steps");
    for (String id : stepIds(config)) {
      ObjectNode s = steps.addObject();
      s.put("id", id);
      s.put("state", "pending");
      s.putNull("started");
      s.putNull("ended");
      s.putNull("message");
    }
    begin((ObjectNode) steps.get(0), now);
    return run;
  }

  /** Continues a paused, failed or interrupted run: redoes the first step not done. */
  static void resume(ObjectNode run, Instant now) {
    for (JsonNode s : run.get("steps")) {
      if (!s.path("state").asText().equals("done")) {
        begin((ObjectNode) s, now);
        break;
      }
    }
    run.put("state", "running");
    run.remove("killed");
    run.putNull("failure");
    run.putNull("observed");
    run.put("stopAfter", (String) null);
  }

  /** {@code running}, or {@code failed} for a run whose program was killed, or as journaled. */
  static String state(ObjectNode run) {
    return run.path("killed").asBoolean() ? "failed" : run.path("state").asText();
  }

  static JsonNode currentStep(ObjectNode run) {
    for (JsonNode s : run.get("steps")) {
      if (s.path("state").asText().equals("running")) {
        return s.get("id");
      }
    }
    return null;
  }

  private static List<String> stepIds(JsonNode config) {
    List<String> ids = new ArrayList<>(List.of("precheck", "checkpoint", "vcenter"));
    config.path("hosts").forEach(h -> ids.add(h.path("name").asText()));
    ids.add("verify");
    ids.add("report");
    return ids;
  }

  private static void begin(ObjectNode step, Instant at) {
    step.put("state", "running");
    step.put("started", at.toString());
    step.putNull("ended");
    step.putNull("message");
  }

  /** Ends every step whose typical duration has passed by {@code now}, in order. */
  void settle(ObjectNode state, Instant now) {
    if (!state.path("run").isObject()) {
      return;
    }
    ObjectNode run = (ObjectNode) state.get("run");
    ArrayNode steps = (ArrayNode) run.get("steps");
    for (int i = 0; i < steps.size() && running(run); i++) {
      ObjectNode s = (ObjectNode) steps.get(i);
      if (!s.path("state").asText().equals("running")) {
        continue;
      }
      String id = s.path("id").asText();
      if ((KILL + id).equals(failStep) && !killedBefore(run, id)) {
        run.put("killed", true); // the program dies in this step; the journal says running
        run.withArray("/killedAt").add(id);
        s.put("message", INTERRUPTED);
        run.set("observed", state.get("versions").deepCopy());
        if (id.equals("vcenter")) {
          // as on a real host, the installer the killed program started goes on to its end
          FakeLeftovers.installer(
              run,
              Instant.parse(s.path("started").asText())
                  .plus(minute.multipliedBy(typicalMinutes(id))));
        }
        return;
      }
      Instant due =
          Instant.parse(s.path("started").asText()).plus(minute.multipliedBy(typicalMinutes(id)));
      if (now.isBefore(due)) {
        return;
      }
      s.put("ended", due.toString());
      String failure = finish(state, run, id, isHost(steps, i), due);
      if (failure != null) {
        fail(state, run, s, id, failure);
        return;
      }
      s.put("state", "done");
      next(run, steps, i, id, due);
    }
  }

  /** A run is killed in a step once: the step redone after a resume goes on. */
  private static boolean killedBefore(ObjectNode run, String id) {
    for (JsonNode k : run.withArray("/killedAt")) {
      if (k.asText().equals(id)) {
        return true;
      }
    }
    return false;
  }

  private static boolean running(ObjectNode run) {
    return run.path("state").asText().equals("running") && !run.path("killed").asBoolean();
  }

  private static boolean isHost(ArrayNode steps, int i) {
    return i > 2 && i < steps.size() - 2;
  }

  /** After step {@code i} is done: the run succeeds, pauses, or begins the next step. */
  private static void next(ObjectNode run, ArrayNode steps, int i, String id, Instant due) {
    if (run.path("dryRun").asBoolean() && id.equals("precheck")) {
      for (int j = i + 1; j < steps.size(); j++) {
        ((ObjectNode) steps.get(j)).put("state", "skipped");
      }
      run.put("state", "succeeded");
    } else if (i + 1 == steps.size()) {
      run.put("state", "succeeded");
    } else if (id.equals(run.path("stopAfter").asText(null))) {
      run.put("state", "paused");
    } else {
      begin((ObjectNode) steps.get(i + 1), due);
    }
  }

  private static void fail(
      ObjectNode state, ObjectNode run, ObjectNode step, String id, String failure) {
    step.put("state", "failed");
    step.put("message", failure);
    run.put("state", "failed");
    ObjectNode f = run.putObject("failure");
    f.put("step", id);
    boolean hostStep = !List.of("precheck", "checkpoint", "verify", "report").contains(id);
    if (hostStep) {
      f.put(
          "host",
          id.equals("vcenter") ? run.path("config").path("vcenter").path("name").asText() : id);
    } else {
      f.putNull("host");
    }
    f.put("message", failure);
    // what the run saw when it stopped (design 0172): the failed host is still on its old build
    run.set("observed", state.get("versions").deepCopy());
  }

  /** Minutes a step typically takes on a nested lab (as design 0121's table). */
  static long typicalMinutes(String id) {
    return switch (id) {
      case "precheck" -> 3;
      case "checkpoint" -> 4;
      case "vcenter" -> 75;
      case "verify" -> 3;
      case "report" -> 1;
      default -> 25;
    };
  }

  /** Applies step {@code id}'s effect; returns why it failed, or null. */
  private String finish(ObjectNode state, ObjectNode run, String id, boolean isHost, Instant at) {
    JsonNode config = run.get("config");
    return switch (id) {
      case "precheck" -> precheck(run, config);
      case "checkpoint" -> {
        FakeCheckpoints.create(state, config.path("checkpoint").asText("pre-upgrade"), at);
        yield null;
      }
      case "vcenter" -> vcenter(state, run, config.path("target"));
      case "verify" -> {
        verify(state, run, config.path("target"));
        yield null;
      }
      case "report" -> null;
      default -> isHost ? host(state, run, id, config) : null;
    };
  }

  /** The media the hosts' method needs, as the host program checks it (design 0127). */
  private static String precheck(ObjectNode run, JsonNode config) {
    JsonNode media = config.path("media");
    List<String> needed = new ArrayList<>();
    if (!config.path("target").path("vcenter").equals(config.path("source").path("vcenter"))) {
      needed.add("vcsaIso");
    }
    for (JsonNode h : config.path("hosts")) {
      String key = h.path("method").asText().equals("depot") ? "esxiDepot" : "esxiIso";
      if (!needed.contains(key)) {
        needed.add(key);
      }
    }
    for (String key : needed) {
      if (!media.path(key).isTextual()) {
        return "media."
            + key
            + " null is not on the L1 host; stage it (upgrade."
            + key
            + " in the spec) and try again";
      }
    }
    ((ArrayNode) run.get("warnings"))
        .add(
            "vCLS: nested hosts run vSphere Cluster Services VMs; the fake cloud has none to check");
    return null;
  }

  private String vcenter(ObjectNode state, ObjectNode run, JsonNode target) {
    ArrayNode logs = (ArrayNode) run.get("logs");
    if ("vcenter".equals(failStep)) {
      log(
          logs,
          "vcsa-deploy",
          "2026-01-01 stage 2: data import failed (simulated by the fake cloud)\n"
              + "Deployment status: FAILED");
      return "vcsa-deploy upgrade failed in stage 2 (data import): the new appliance's"
          + " deployment status API reported FAILED; the old appliance still runs";
    }
    ((ObjectNode) state.get("versions")).set("vcenter", target.path("vcenter").deepCopy());
    log(
        logs,
        "vcsa-deploy",
        "Deployment status: SUCCEEDED\nvCenter "
            + target.path("vcenter").path("version").asText()
            + " answers");
    return null;
  }

  private static void verify(ObjectNode state, ObjectNode run, JsonNode target) {
    ObjectNode versions = (ObjectNode) state.get("versions");
    ArrayNode checks = (ArrayNode) run.get("checks");
    JsonNode vc = versions.path("vcenter");
    checks
        .addObject()
        .put("name", "vCenter version")
        .put("ok", vc.equals(target.path("vcenter")))
        .put(
            "evidence",
            "version " + vc.path("version").asText() + ", build " + vc.path("build").asText());
    for (Map.Entry<String, JsonNode> h : versions.path("hosts").properties()) {
      checks
          .addObject()
          .put("name", h.getKey() + " build")
          .put("ok", h.getValue().equals(target.path("esxi")))
          .put("evidence", "build " + h.getValue().path("build").asText() + ", connected");
    }
    run.set("after", versions.deepCopy());
  }

  /** A host's upgrade by its method: back on the target build, or, injected, on its old one. */
  private String host(ObjectNode state, ObjectNode run, String id, JsonNode config) {
    ObjectNode versions = (ObjectNode) state.get("versions");
    JsonNode target = config.path("target").path("esxi");
    JsonNode old = versions.path("hosts").path(id);
    boolean depot = false;
    for (JsonNode h : config.path("hosts")) {
      depot |= h.path("name").asText().equals(id) && h.path("method").asText().equals("depot");
    }
    String how =
        depot
            ? "esxcli software profile update -d "
                + config.path("media").path("esxiDepot").asText()
                + " -p ESXi-"
                + target.path("version").asText()
                + "-standard\n"
            : "booted the target installer with an upgrade kickstart\n";
    boolean fails = id.equals(failStep);
    JsonNode now = fails ? old : target;
    log(
        (ArrayNode) run.get("logs"),
        (depot ? "esxcli-" : "esxi-upgrade-") + id,
        how
            + "host rebooted; vmware -v: VMware ESXi "
            + now.path("version").asText()
            + " build-"
            + now.path("build").asText());
    if (fails) {
      return id
          + " came back on the old build "
          + old.path("build").asText()
          + " ("
          + old.path("version").asText()
          + "), not the target "
          + target.path("version").asText()
          + "; reported, not retried";
    }
    ((ObjectNode) versions.get("hosts")).set(id, target.deepCopy());
    return null;
  }

  private static void log(ArrayNode logs, String name, String tail) {
    logs.addObject()
        .put("name", name)
        .put("path", "/var/lib/nestlab/rehearsal/logs/" + name + ".log")
        .put("tail", tail);
  }
}
