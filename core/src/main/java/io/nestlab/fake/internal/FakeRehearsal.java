package io.nestlab.fake.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.internal.io.Json;
import io.nestlab.spi.HostCommands;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The fake cloud's simulation of the host program {@code nestlab-rehearsal} (design 0120): the same
 * verbs and JSON, steps that take their typical durations on the fake's clock (scaled by {@code
 * minute}: the clock time a typical minute takes), checkpoints that record the lab's versions and
 * rollbacks that restore them, and an injectable failure: {@code failStep} names {@code vcenter}
 * (the installer fails) or a host (it comes back on the old build). Its state is kept with the host
 * in the fake cloud, so it survives between CLI runs on a directory cloud.
 */
public final class FakeRehearsal implements HostCommands {
  static final String PROGRAM = "nestlab-rehearsal";
  static final String CONFIG = "/etc/nestlab/rehearsal.json";
  static final String STATE = "/var/lib/nestlab/rehearsal/state.json";

  private final FakeCloud cloud;
  private final HostRef host;
  private final Duration minute;
  private final String failStep;

  public FakeRehearsal(FakeCloud cloud, HostRef host, Duration minute, String failStep) {
    this.cloud = cloud;
    this.host = host;
    this.minute = minute;
    this.failStep = failStep;
  }

  @Override
  public void writeFile(String path, byte[] content, String mode, Duration timeout) {
    cloud.call(
        "WriteHostFile",
        data -> {
          running(data).hostFiles.put(path, new String(content, StandardCharsets.UTF_8));
          return null;
        });
  }

  @Override
  public Result run(String command, Duration timeout) {
    List<String> args = List.of(command.strip().split("\\s+"));
    if (args.isEmpty() || !args.get(0).equals(PROGRAM)) {
      return new Result(127, "", "sh: " + args.get(0) + ": command not found\n");
    }
    return cloud.call(
        "RunHostCommand",
        data -> {
          FakeResource r = running(data);
          ObjectNode state = load(r);
          Instant now = cloud.clock().instant();
          settle(state, now);
          Result out;
          try {
            out = new Result(0, write(verb(r, state, args.subList(1, args.size()), now)), "");
          } catch (Refused e) {
            out =
                new Result(
                    e.exit,
                    write(Json.mapper().createObjectNode().put("error", e.getMessage())),
                    "");
          }
          r.hostFiles.put(STATE, write(state));
          return out;
        });
  }

  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int exit;

    Refused(int exit, String message) {
      super(message);
      this.exit = exit;
    }
  }

  private FakeResource running(CloudData data) {
    FakeResource r = cloud.instance(data, host);
    if (r.state != HostState.RUNNING) {
      throw cloud.error("IncorrectInstanceState", false, "host " + host.id() + " is not running");
    }
    return r;
  }

  private JsonNode verb(FakeResource r, ObjectNode state, List<String> args, Instant now) {
    String verb = args.isEmpty() ? "" : args.get(0);
    ObjectNode run = state.path("run").isObject() ? (ObjectNode) state.get("run") : null;
    String runState = run == null ? "none" : run.path("state").asText();
    switch (verb) {
      case "start" -> {
        if (runState.equals("running")) {
          throw new Refused(1, "a rehearsal is running; wait for it or follow it with status");
        }
        JsonNode config = config(r);
        state.set("run", newRun(state, config, now));
        return Json.mapper().createObjectNode().put("state", "running");
      }
      case "resume" -> {
        if (runState.equals("running")) {
          throw new Refused(1, "a rehearsal is running; nothing to resume");
        }
        if (run == null || runState.equals("succeeded")) {
          throw new Refused(1, "no paused or failed rehearsal to resume; start one");
        }
        for (JsonNode s : run.get("steps")) {
          if (!s.path("state").asText().equals("done")) {
            begin((ObjectNode) s, now);
            break;
          }
        }
        run.put("state", "running");
        run.putNull("failure");
        run.put("stopAfter", (String) null);
        return Json.mapper().createObjectNode().put("state", "running");
      }
      case "status" -> {
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("state", runState);
        s.set("step", run == null ? null : currentStep(run));
        s.set("steps", run == null ? Json.mapper().createArrayNode() : run.get("steps"));
        s.set("warnings", run == null ? Json.mapper().createArrayNode() : run.get("warnings"));
        return s;
      }
      case "report" -> {
        if (run == null) {
          throw new Refused(1, "no rehearsal has run on this host; start one");
        }
        ObjectNode rep = Json.mapper().createObjectNode();
        rep.put("labId", run.path("labId").asText());
        rep.put("state", runState);
        rep.put("dryRun", run.path("dryRun").asBoolean());
        rep.set("before", run.get("before"));
        rep.set("after", run.get("after"));
        rep.set("steps", run.get("steps"));
        rep.set("checks", run.get("checks"));
        rep.set("warnings", run.get("warnings"));
        rep.set("failure", run.get("failure"));
        rep.set("logs", run.get("logs"));
        return rep;
      }
      case "checkpoint" -> {
        return checkpoint(r, state, args.subList(1, args.size()), runState, now);
      }
      default ->
          throw new Refused(2, "usage: nestlab-rehearsal start|resume|status|report|checkpoint");
    }
  }

  private JsonNode checkpoint(
      FakeResource r, ObjectNode state, List<String> args, String runState, Instant now) {
    String sub = args.isEmpty() ? "" : args.get(0);
    ArrayNode list = state.withArray("/checkpoints");
    if (sub.equals("list")) {
      ArrayNode out = Json.mapper().createArrayNode();
      list.forEach(c -> out.add(((ObjectNode) c.deepCopy()).without("versions")));
      return Json.mapper().createObjectNode().set("checkpoints", out);
    }
    if (args.size() != 2) {
      throw new Refused(2, "usage: nestlab-rehearsal checkpoint create|rollback|delete NAME");
    }
    String name = args.get(1);
    if (runState.equals("running")) {
      throw new Refused(1, "a rehearsal is running; checkpoints wait until it ends or pauses");
    }
    switch (sub) {
      case "create" -> {
        initVersions(r, state);
        return createCheckpoint(state, name, now);
      }
      case "rollback" -> {
        ObjectNode c = find(list, name);
        state.set("versions", c.get("versions").deepCopy());
        return Json.mapper().createObjectNode().put("name", name).put("restoredAt", now.toString());
      }
      case "delete" -> {
        find(list, name);
        for (Iterator<JsonNode> it = list.iterator(); it.hasNext(); ) {
          if (it.next().path("name").asText().equals(name)) {
            it.remove();
          }
        }
        return Json.mapper().createObjectNode().put("name", name).put("deleted", true);
      }
      default ->
          throw new Refused(
              2, "usage: nestlab-rehearsal checkpoint create|list|rollback|delete NAME");
    }
  }

  private static ObjectNode find(ArrayNode list, String name) {
    for (JsonNode c : list) {
      if (c.path("name").asText().equals(name)) {
        return (ObjectNode) c;
      }
    }
    throw new Refused(
        1, "no checkpoint named " + name + "; list them with: nestlab-rehearsal checkpoint list");
  }

  private static ObjectNode createCheckpoint(ObjectNode state, String name, Instant now) {
    ArrayNode list = state.withArray("/checkpoints");
    for (Iterator<JsonNode> it = list.iterator(); it.hasNext(); ) {
      if (it.next().path("name").asText().equals(name)) {
        it.remove();
      }
    }
    ObjectNode c = list.addObject();
    c.put("name", name);
    c.put("created", now.toString());
    c.put("bytes", 512L * 1024 * 1024 * (1 + state.path("versions").path("hosts").size()));
    c.set("versions", state.path("versions").deepCopy());
    return c.deepCopy().without("versions");
  }

  private JsonNode config(FakeResource r) {
    String text = r.hostFiles.get(CONFIG);
    if (text == null) {
      throw new Refused(1, CONFIG + " is missing; the engine writes it before start");
    }
    try {
      return Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new Refused(1, CONFIG + " is not JSON: " + e.getOriginalMessage());
    }
  }

  /** The lab's versions as the host first sees them: the source versions of rehearsal.json. */
  private void initVersions(FakeResource r, ObjectNode state) {
    if (state.path("versions").isObject() || !r.hostFiles.containsKey(CONFIG)) {
      return;
    }
    JsonNode config = config(r);
    ObjectNode v = state.putObject("versions");
    v.set("vcenter", config.path("source").path("vcenter").deepCopy());
    ObjectNode hosts = v.putObject("hosts");
    for (JsonNode h : config.path("hosts")) {
      hosts.set(h.path("name").asText(), config.path("source").path("esxi").deepCopy());
    }
  }

  private ObjectNode newRun(ObjectNode state, JsonNode config, Instant now) {
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

  private static List<String> stepIds(JsonNode config) {
    List<String> ids = new java.util.ArrayList<>(List.of("precheck", "checkpoint", "vcenter"));
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

  private static JsonNode currentStep(ObjectNode run) {
    for (JsonNode s : run.get("steps")) {
      if (s.path("state").asText().equals("running")) {
        return s.get("id");
      }
    }
    return null;
  }

  /** Ends every step whose typical duration has passed by {@code now}, in order. */
  private void settle(ObjectNode state, Instant now) {
    if (!state.path("run").isObject()) {
      return;
    }
    ObjectNode run = (ObjectNode) state.get("run");
    ArrayNode steps = (ArrayNode) run.get("steps");
    for (int i = 0; i < steps.size() && run.path("state").asText().equals("running"); i++) {
      ObjectNode s = (ObjectNode) steps.get(i);
      if (!s.path("state").asText().equals("running")) {
        continue;
      }
      String id = s.path("id").asText();
      Instant started = Instant.parse(s.path("started").asText());
      Instant due = started.plus(minute.multipliedBy(typicalMinutes(id)));
      if (now.isBefore(due)) {
        return;
      }
      s.put("ended", due.toString());
      String failure = finish(state, run, id, i > 2 && i < steps.size() - 2, due);
      if (failure != null) {
        s.put("state", "failed");
        s.put("message", failure);
        run.put("state", "failed");
        ObjectNode f = run.putObject("failure");
        f.put("step", id);
        if (id.equals("vcenter") || (i > 2 && i < steps.size() - 2)) {
          f.put(
              "host",
              id.equals("vcenter") ? run.path("config").path("vcenter").path("name").asText() : id);
        } else {
          f.putNull("host");
        }
        f.put("message", failure);
        return;
      }
      s.put("state", "done");
      boolean dry = run.path("dryRun").asBoolean() && id.equals("precheck");
      if (dry) {
        for (int j = i + 1; j < steps.size(); j++) {
          ((ObjectNode) steps.get(j)).put("state", "skipped");
        }
        run.put("state", "succeeded");
        return;
      }
      if (i + 1 == steps.size()) {
        run.put("state", "succeeded");
        return;
      }
      if (id.equals(run.path("stopAfter").asText(null))) {
        run.put("state", "paused");
        return;
      }
      begin((ObjectNode) steps.get(i + 1), due);
    }
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
    ObjectNode versions = (ObjectNode) state.get("versions");
    JsonNode target = config.path("target");
    ArrayNode logs = (ArrayNode) run.get("logs");
    switch (id) {
      case "precheck" -> {
        ((ArrayNode) run.get("warnings"))
            .add(
                "vCLS: nested hosts run vSphere Cluster Services VMs; the fake cloud has none to check");
        return null;
      }
      case "checkpoint" -> {
        createCheckpoint(state, config.path("checkpoint").asText("pre-upgrade"), at);
        return null;
      }
      case "vcenter" -> {
        if ("vcenter".equals(failStep)) {
          logs.addObject()
              .put("name", "vcsa-deploy")
              .put("path", "/var/lib/nestlab/rehearsal/logs/vcsa-deploy.log")
              .put(
                  "tail",
                  "2026-01-01 stage 2: data import failed (simulated by the fake cloud)\nDeployment status: FAILED");
          return "vcsa-deploy upgrade failed in stage 2 (data import): the new appliance's"
              + " deployment status API reported FAILED; the old appliance still runs";
        }
        versions.set("vcenter", target.path("vcenter").deepCopy());
        logs.addObject()
            .put("name", "vcsa-deploy")
            .put("path", "/var/lib/nestlab/rehearsal/logs/vcsa-deploy.log")
            .put(
                "tail",
                "Deployment status: SUCCEEDED\nvCenter "
                    + target.path("vcenter").path("version").asText()
                    + " answers");
        return null;
      }
      case "verify" -> {
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
        return null;
      }
      case "report" -> {
        return null;
      }
      default -> {
        if (!isHost) {
          return null;
        }
        JsonNode old = versions.path("hosts").path(id);
        if (id.equals(failStep)) {
          logs.addObject()
              .put("name", "esxi-upgrade-" + id)
              .put("path", "/var/lib/nestlab/rehearsal/logs/esxi-upgrade-" + id + ".log")
              .put(
                  "tail",
                  "host rebooted; vmware -v: VMware ESXi "
                      + old.path("version").asText()
                      + " build-"
                      + old.path("build").asText());
          return id
              + " came back on the old build "
              + old.path("build").asText()
              + " ("
              + old.path("version").asText()
              + "), not the target "
              + target.path("esxi").path("version").asText()
              + "; reported, not retried";
        }
        ((ObjectNode) versions.get("hosts")).set(id, target.path("esxi").deepCopy());
        logs.addObject()
            .put("name", "esxi-upgrade-" + id)
            .put("path", "/var/lib/nestlab/rehearsal/logs/esxi-upgrade-" + id + ".log")
            .put(
                "tail",
                "host rebooted; vmware -v: VMware ESXi "
                    + target.path("esxi").path("version").asText()
                    + " build-"
                    + target.path("esxi").path("build").asText());
        return null;
      }
    }
  }

  private static ObjectNode load(FakeResource r) {
    String text = r.hostFiles.get(STATE);
    if (text == null) {
      return Json.mapper().createObjectNode();
    }
    try {
      return (ObjectNode) Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the fake host's rehearsal state is not JSON", e);
    }
  }

  private static String write(JsonNode n) {
    try {
      return Json.mapper().writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
