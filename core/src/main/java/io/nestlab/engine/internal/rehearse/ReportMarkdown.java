package io.nestlab.engine.internal.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Renders a rehearsal's REPORT document (design 0120) as Markdown for a change request: times to
 * the second, durations as {@code 1h02m03s}, and for a run that failed before verifying, what it
 * saw at the failure in the "after" column (design 0172). The JSON keeps full precision.
 */
public final class ReportMarkdown {
  private ReportMarkdown() {}

  public static String state(String json) {
    return parse(json).path("state").asText("unknown");
  }

  /** Whether the run's program stopped in a step (killed, the host rebooted): resumable. */
  public static boolean interrupted(String json) {
    return interruptedStep(parse(json)).isPresent();
  }

  public static Optional<String> failure(String json) {
    JsonNode r = parse(json);
    JsonNode f = r.path("failure");
    if (!f.isObject()) {
      return interruptedStep(r).map(s -> s.path("id").asText() + ": " + interruption(s));
    }
    String host = f.path("host").isTextual() ? " (" + f.get("host").asText() + ")" : "";
    return Optional.of(f.path("step").asText("?") + host + ": " + f.path("message").asText(""));
  }

  public static String render(String labId, String json) {
    JsonNode r = parse(json);
    StringBuilder b = new StringBuilder();
    b.append("# Upgrade rehearsal of lab ").append(labId).append("\n\n");
    b.append("- Result: **").append(r.path("state").asText("unknown")).append("**");
    if (r.path("dryRun").asBoolean(false)) {
      b.append(" (dry run: prechecks only)");
    }
    b.append('\n');
    failure(json).ifPresent(f -> b.append("- Failed: ").append(f).append('\n'));
    versions(b, r);
    steps(b, r);
    checks(b, r);
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

  /** Before and after; a run that failed before verifying shows what it saw, "at failure". */
  private static void versions(StringBuilder b, JsonNode r) {
    b.append("\n## Versions\n\n| component | before | after |\n|---|---|---|\n");
    JsonNode before = r.path("before");
    JsonNode after = r.path("after");
    boolean atFailure =
        !after.isObject()
            && "failed".equals(r.path("state").asText())
            && r.path(AtFailure.OBSERVED).isObject();
    if (atFailure) {
      after = r.path(AtFailure.OBSERVED);
    }
    String suffix = atFailure ? " at failure" : "";
    row(b, "vCenter", before.path("vcenter"), after.path("vcenter"), suffix);
    Set<String> hosts = new LinkedHashSet<>();
    before.path("hosts").fieldNames().forEachRemaining(hosts::add);
    after.path("hosts").fieldNames().forEachRemaining(hosts::add);
    for (String h : hosts) {
      row(b, h, before.path("hosts").path(h), after.path("hosts").path(h), suffix);
    }
    if (atFailure) {
      b.append(
          "\nThe run stopped before its verification: \"after\" is what it saw at the failure"
              + " (a step done brought its part to the target build; \"not confirmed\" marks the"
              + " part of the step that failed).\n");
    }
  }

  private static void steps(StringBuilder b, JsonNode r) {
    b.append("\n## Steps\n\n| step | state | start | end | duration | message |\n");
    b.append("|---|---|---|---|---|---|\n");
    for (JsonNode s : r.path("steps")) {
      b.append("| ")
          .append(s.path("id").asText())
          .append(" | ")
          .append(s.path("state").asText())
          .append(" | ")
          .append(time(s.path("started")))
          .append(" | ")
          .append(time(s.path("ended")))
          .append(" | ")
          .append(duration(s.path("started"), s.path("ended")))
          .append(" | ")
          .append(cell(text(s.path("message"))))
          .append(" |\n");
    }
  }

  private static void checks(StringBuilder b, JsonNode r) {
    if (r.path("checks").size() == 0) {
      return;
    }
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

  private static void row(
      StringBuilder b, String name, JsonNode before, JsonNode after, String suffix) {
    String a = version(after);
    if (after.isObject()) {
      a += (after.path(AtFailure.UNCONFIRMED).asBoolean() ? ", not confirmed" : "") + suffix;
    }
    b.append("| ")
        .append(name)
        .append(" | ")
        .append(version(before))
        .append(" | ")
        .append(a)
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

  /** An instant to the second ({@code 2026-07-01T10:04:05Z}); what is not one, as it is. */
  static String time(JsonNode n) {
    if (!n.isTextual()) {
      return "";
    }
    try {
      return Instant.parse(n.asText()).truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException e) {
      return n.asText();
    }
  }

  private static String duration(JsonNode start, JsonNode end) {
    try {
      if (!start.isTextual() || !end.isTextual()) {
        return "";
      }
      return duration(Duration.between(Instant.parse(start.asText()), Instant.parse(end.asText())));
    } catch (DateTimeParseException e) {
      return "";
    }
  }

  /** {@code 1h02m03s}, {@code 4m05s} or {@code 7s}, to the nearest second. */
  static String duration(Duration d) {
    long s = d.plusMillis(500).toSeconds();
    if (s >= 3600) {
      return String.format("%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60);
    }
    return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }

  /** The step a failed run's program stopped in (still {@code running}, no failure recorded). */
  private static Optional<JsonNode> interruptedStep(JsonNode r) {
    if (!"failed".equals(r.path("state").asText()) || r.path("failure").isObject()) {
      return Optional.empty();
    }
    for (JsonNode s : r.path("steps")) {
      if ("running".equals(s.path("state").asText())) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  private static String interruption(JsonNode step) {
    String m = text(step.path("message"));
    return m.isEmpty() ? "interrupted (the program on the host stopped in this step)" : m;
  }

  private static JsonNode parse(String json) {
    return HostJson.parse("the rehearsal report", json);
  }

  /** The ids of {@code steps} in a status or report document. */
  static List<String> ids(JsonNode steps) {
    List<String> ids = new ArrayList<>();
    steps.forEach(s -> ids.add(s.path("id").asText()));
    return ids;
  }
}
