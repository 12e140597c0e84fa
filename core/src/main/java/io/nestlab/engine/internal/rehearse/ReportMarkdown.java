package io.nestlab.engine.internal.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Renders a rehearsal's REPORT document (design 0120) as Markdown for a change request. */
public final class ReportMarkdown {
  private ReportMarkdown() {}

  public static String state(String json) {
    return HostJson.parse("the rehearsal report", json).path("state").asText("unknown");
  }

  public static Optional<String> failure(String json) {
    JsonNode f = HostJson.parse("the rehearsal report", json).path("failure");
    if (!f.isObject()) {
      return Optional.empty();
    }
    String host = f.path("host").isTextual() ? " (" + f.get("host").asText() + ")" : "";
    return Optional.of(f.path("step").asText("?") + host + ": " + f.path("message").asText(""));
  }

  public static String render(String labId, String json) {
    JsonNode r = HostJson.parse("the rehearsal report", json);
    StringBuilder b = new StringBuilder();
    b.append("# Upgrade rehearsal of lab ").append(labId).append("\n\n");
    b.append("- Result: **").append(r.path("state").asText("unknown")).append("**");
    if (r.path("dryRun").asBoolean(false)) {
      b.append(" (dry run: prechecks only)");
    }
    b.append('\n');
    failure(json).ifPresent(f -> b.append("- Failed: ").append(f).append('\n'));
    b.append("\n## Versions\n\n| component | before | after |\n|---|---|---|\n");
    JsonNode before = r.path("before");
    JsonNode after = r.path("after");
    row(b, "vCenter", before.path("vcenter"), after.path("vcenter"));
    Set<String> hosts = new LinkedHashSet<>();
    before.path("hosts").fieldNames().forEachRemaining(hosts::add);
    after.path("hosts").fieldNames().forEachRemaining(hosts::add);
    for (String h : hosts) {
      row(b, h, before.path("hosts").path(h), after.path("hosts").path(h));
    }
    b.append("\n## Steps\n\n| step | state | start | end | duration | message |\n");
    b.append("|---|---|---|---|---|---|\n");
    for (JsonNode s : r.path("steps")) {
      b.append("| ")
          .append(s.path("id").asText())
          .append(" | ")
          .append(s.path("state").asText())
          .append(" | ")
          .append(text(s.path("started")))
          .append(" | ")
          .append(text(s.path("ended")))
          .append(" | ")
          .append(duration(s.path("started"), s.path("ended")))
          .append(" | ")
          .append(cell(text(s.path("message"))))
          .append(" |\n");
    }
    if (r.path("checks").size() > 0) {
      b.append("\n## Checks\n\n| check | ok | evidence |\n|---|---|---|\n");
      for (JsonNode c : r.path("checks")) {
        b.append("| ")
            .append(cell(c.path("name").asText()))
            .append(" | ")
            .append(c.path("ok").asBoolean() ? "yes" : "**no**")
            .append(" | ")
            .append(cell(c.path("evidence").asText()))
            .append(" |\n");
      }
    }
    b.append("\n## Warnings\n\n");
    if (r.path("warnings").size() == 0) {
      b.append("None.\n");
    }
    for (JsonNode w : r.path("warnings")) {
      b.append("- ").append(w.asText()).append('\n');
    }
    for (JsonNode l : r.path("logs")) {
      b.append("\n## Log: ")
          .append(l.path("name").asText())
          .append(" (")
          .append(l.path("path").asText())
          .append(")\n\n```\n")
          .append(l.path("tail").asText().replace("```", "'''"))
          .append("\n```\n");
    }
    return b.toString();
  }

  private static void row(StringBuilder b, String name, JsonNode before, JsonNode after) {
    b.append("| ")
        .append(name)
        .append(" | ")
        .append(version(before))
        .append(" | ")
        .append(version(after))
        .append(" |\n");
  }

  private static String version(JsonNode v) {
    if (!v.isObject()) {
      return "-";
    }
    String build = v.path("build").asText("");
    return v.path("version").asText("?") + (build.isEmpty() ? "" : " (build " + build + ")");
  }

  private static String text(JsonNode n) {
    return n.isTextual() ? n.asText() : "";
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  private static String duration(JsonNode start, JsonNode end) {
    try {
      if (!start.isTextual() || !end.isTextual()) {
        return "";
      }
      Duration d = Duration.between(Instant.parse(start.asText()), Instant.parse(end.asText()));
      return d.toMinutes() > 0
          ? d.toMinutes() + "m " + d.toSecondsPart() + "s"
          : d.toSeconds() + "s";
    } catch (DateTimeParseException e) {
      return "";
    }
  }

  /** The ids of {@code steps} in a status or report document. */
  static List<String> ids(JsonNode steps) {
    List<String> ids = new ArrayList<>();
    steps.forEach(s -> ids.add(s.path("id").asText()));
    return ids;
  }
}
