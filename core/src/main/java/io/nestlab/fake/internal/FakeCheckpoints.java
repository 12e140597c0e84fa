package io.nestlab.fake.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.internal.io.Json;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * The {@code checkpoint} verbs of the fake's {@code nestlab-rehearsal}: a checkpoint records the
 * lab's versions, a rollback restores them, a delete forgets one.
 */
final class FakeCheckpoints {
  private FakeCheckpoints() {}

  static JsonNode verb(ObjectNode state, List<String> args, String runState, Instant now) {
    String sub = args.isEmpty() ? "" : args.get(0);
    ArrayNode list = state.withArray("/checkpoints");
    if (sub.equals("list") && args.size() == 1) {
      ArrayNode out = Json.mapper().createArrayNode();
      list.forEach(c -> out.add(((ObjectNode) c.deepCopy()).without("versions")));
      return Json.mapper().createObjectNode().set("checkpoints", out);
    }
    // --force (0179): the real program first stops what a killed run left running; the fake's
    // runs leave nothing running, so it has nothing to stop
    boolean force = args.size() == 3 && args.get(2).equals("--force");
    if (args.size() != 2 && !force) {
      throw new FakeRehearsal.Refused(
          2,
          "usage: nestlab-rehearsal checkpoint create NAME | list | rollback NAME | delete NAME"
              + " [--force]");
    }
    String name = args.get(1);
    if (runState.equals("running")) {
      throw new FakeRehearsal.Refused(
          1, "a rehearsal is running; wait for it (or its pause) first");
    }
    switch (sub) {
      case "create" -> {
        return create(state, name, now);
      }
      case "rollback" -> {
        ObjectNode c = find(list, name);
        state.set("versions", c.get("versions").deepCopy());
        return Json.mapper().createObjectNode().put("name", name).put("restoredAt", now.toString());
      }
      case "delete" -> {
        find(list, name);
        remove(list, name);
        return Json.mapper().createObjectNode().put("name", name).put("deleted", true);
      }
      default ->
          throw new FakeRehearsal.Refused(
              2, "usage: nestlab-rehearsal checkpoint create|list|rollback|delete NAME");
    }
  }

  /** Writes checkpoint {@code name} of the lab's versions now, replacing one of that name. */
  static ObjectNode create(ObjectNode state, String name, Instant now) {
    ArrayNode list = state.withArray("/checkpoints");
    remove(list, name);
    ObjectNode c = list.addObject();
    c.put("name", name);
    c.put("created", now.toString());
    c.put("bytes", 512L * 1024 * 1024 * (1 + state.path("versions").path("hosts").size()));
    c.set("versions", state.path("versions").deepCopy());
    return c.deepCopy().without("versions");
  }

  private static void remove(ArrayNode list, String name) {
    for (Iterator<JsonNode> it = list.iterator(); it.hasNext(); ) {
      if (it.next().path("name").asText().equals(name)) {
        it.remove();
      }
    }
  }

  private static ObjectNode find(ArrayNode list, String name) {
    for (JsonNode c : list) {
      if (c.path("name").asText().equals(name)) {
        return (ObjectNode) c;
      }
    }
    List<String> names = list.findValuesAsText("name");
    throw new FakeRehearsal.Refused(
        1,
        "there is no checkpoint "
            + name
            + " (checkpoints: "
            + (names.isEmpty() ? "none" : String.join(", ", names))
            + ")");
  }
}
