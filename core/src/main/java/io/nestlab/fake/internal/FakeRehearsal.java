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
import java.util.List;

/**
 * The fake cloud's simulation of the host program {@code nestlab-rehearsal} (design 0120): the same
 * verbs and JSON, steps that take their typical durations on the fake's clock (scaled by {@code
 * minute}: the clock time a typical minute takes), checkpoints that record the lab's versions and
 * rollbacks that restore them ({@link FakeCheckpoints}), and an injectable failure ({@link
 * FakeRehearsalRun}). Its state is kept with the host in the fake cloud, so it survives between CLI
 * runs on a directory cloud.
 */
public final class FakeRehearsal implements HostCommands {
  static final String PROGRAM = "nestlab-rehearsal";
  static final String CONFIG = "/etc/nestlab/rehearsal.json";
  static final String STATE = "/var/lib/nestlab/rehearsal/state.json";

  private final FakeCloud cloud;
  private final HostRef host;
  private final FakeRehearsalRun runs;

  /**
   * @param failStep the step that fails ({@code vcenter} or a host's name), {@code kill:STEP} for a
   *     program killed in that step, or null
   */
  public FakeRehearsal(FakeCloud cloud, HostRef host, Duration minute, String failStep) {
    this.cloud = cloud;
    this.host = host;
    this.runs = new FakeRehearsalRun(minute, failStep);
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
          runs.settle(state, now);
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

  /** A verb the program refuses: exit 1 (or 2 for usage) with {@code {"error": ...}}. */
  static final class Refused extends RuntimeException {
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
    String runState = run == null ? "none" : FakeRehearsalRun.state(run);
    switch (verb) {
      case "start" -> {
        if (runState.equals("running")) {
          throw new Refused(
              1, "a rehearsal is already running; `nestlab-rehearsal status` follows it");
        }
        state.set("run", FakeRehearsalRun.start(state, config(r), now));
        return Json.mapper().createObjectNode().put("state", "running");
      }
      case "resume" -> {
        if (runState.equals("running")) {
          throw new Refused(
              1, "a rehearsal is already running; `nestlab-rehearsal status` follows it");
        }
        if (run == null || runState.equals("succeeded")) {
          throw new Refused(
              1, "there is no rehearsal to resume; `nestlab-rehearsal start` starts one");
        }
        FakeRehearsalRun.resume(run, now);
        return Json.mapper().createObjectNode().put("state", "running");
      }
      case "status" -> {
        ObjectNode s = status(run, runState);
        ArrayNode live = FakeLeftovers.live(run, now);
        s.put("busy", !live.isEmpty());
        s.set("liveProcesses", live);
        return s;
      }
      case "report" -> {
        return report(run, runState);
      }
      case "checkpoint" -> {
        if (args.size() >= 3 && List.of("create", "rollback", "delete").contains(args.get(1))) {
          FakeLeftovers.holdLab(run, now, args.size() == 4 && args.get(3).equals("--force"));
        }
        if (args.size() == 3 && args.get(1).equals("create")) {
          initVersions(r, state);
        }
        return FakeCheckpoints.verb(state, args.subList(1, args.size()), runState, now);
      }
      default ->
          throw new Refused(2, "usage: nestlab-rehearsal start|resume|status|report|checkpoint");
    }
  }

  private static ObjectNode status(ObjectNode run, String runState) {
    ObjectNode s = Json.mapper().createObjectNode();
    s.put("state", runState);
    s.set("step", run == null ? null : FakeRehearsalRun.currentStep(run));
    s.set("steps", run == null ? Json.mapper().createArrayNode() : run.get("steps"));
    s.set("warnings", run == null ? Json.mapper().createArrayNode() : run.get("warnings"));
    return s;
  }

  private static JsonNode report(ObjectNode run, String runState) {
    if (run == null) {
      throw new Refused(1, "there is no rehearsal on this host yet; `nestlab rehearse` starts one");
    }
    ObjectNode rep = Json.mapper().createObjectNode();
    rep.put("labId", run.path("labId").asText());
    rep.put("state", runState);
    rep.put("dryRun", run.path("dryRun").asBoolean());
    for (String key :
        List.of("before", "after", "observed", "steps", "checks", "warnings", "failure", "logs")) {
      rep.set(key, run.get(key));
    }
    return rep;
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
