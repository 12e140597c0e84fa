package io.nestlab.engine.internal.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.spec.LabSpec;
import java.util.Map;

/**
 * What a failed run saw of the lab's versions (design 0172). The host's REPORT has {@code after}
 * only once verification ran; a host program that knows more reports {@code observed} (the same
 * shape as {@code before}); for one that does not, it is derived from the steps: a step done means
 * its part came up on the target build (the host step checks exactly that), a step not reached
 * means its part is as it was before, and the failed step's part is marked {@code unconfirmed}.
 */
final class AtFailure {
  static final String OBSERVED = "observed";
  static final String UNCONFIRMED = "unconfirmed";

  private AtFailure() {}

  /** {@code report} with {@code observed} filled when the run failed before verifying. */
  static JsonNode withObserved(JsonNode report, LabSpec spec) {
    if (!report.isObject()
        || !"failed".equals(report.path(Rehearsals.STATE).asText())
        || report.path("after").isObject()
        || report.path(OBSERVED).isObject()
        || !report.path("before").isObject()
        || spec == null
        || spec.upgrade() == null
        || spec.vcenter() == null) {
      return report;
    }
    ObjectNode target = RehearsalConfig.target(spec);
    JsonNode before = report.path("before");
    ObjectNode out = ((ObjectNode) report).deepCopy();
    ObjectNode observed = out.putObject(OBSERVED);
    observed.set("vcenter", seen(report, "vcenter", before.path("vcenter"), target.get("vcenter")));
    ObjectNode hosts = observed.putObject("hosts");
    for (Map.Entry<String, JsonNode> h : before.path("hosts").properties()) {
      hosts.set(h.getKey(), seen(report, h.getKey(), h.getValue(), target.get("esxi")));
    }
    return out;
  }

  /** The part of step {@code id}: the target when the step is done, else as before. */
  private static JsonNode seen(JsonNode report, String id, JsonNode before, JsonNode target) {
    String state = "pending";
    for (JsonNode s : report.path("steps")) {
      if (s.path("id").asText().equals(id)) {
        state = s.path(Rehearsals.STATE).asText();
      }
    }
    if (state.equals("done")) {
      return target.deepCopy();
    }
    ObjectNode v = before.isObject() ? ((ObjectNode) before).deepCopy() : null;
    if (v != null && (state.equals("failed") || state.equals("running"))) {
      v.put(UNCONFIRMED, true);
    }
    return v;
  }
}
