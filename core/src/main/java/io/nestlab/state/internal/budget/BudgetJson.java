package io.nestlab.state.internal.budget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.cost.Money;
import io.nestlab.internal.io.Json;
import io.nestlab.state.Budget;
import io.nestlab.state.BudgetPolicy;
import io.nestlab.state.LabStateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link BudgetPolicy} as stored (the same JSON in PostgreSQL and in a directory): {@code
 * formatVersion}, {@code budgets[]} ({@code scope}, {@code name}, {@code maxLabs} or null, {@code
 * maxCostUsd} and {@code period} or null) and {@code teams} (team to owner patterns).
 */
public final class BudgetJson {
  /** The format this code writes and the newest it reads. */
  public static final int FORMAT = 1;

  private BudgetJson() {}

  public static String write(BudgetPolicy policy) {
    ObjectNode doc = Json.mapper().createObjectNode();
    doc.put("formatVersion", FORMAT);
    ArrayNode budgets = doc.putArray("budgets");
    for (Budget b : policy.budgets()) {
      ObjectNode n = budgets.addObject();
      n.put("scope", b.scope().wire());
      n.put("name", b.name());
      if (b.limitsLabs()) {
        n.put("maxLabs", b.maxLabs());
      } else {
        n.putNull("maxLabs");
      }
      if (b.maxCost() == null) {
        n.putNull("maxCostUsd");
        n.putNull("period");
      } else {
        n.put("maxCostUsd", b.maxCost().usd().stripTrailingZeros().toPlainString());
        n.put("period", b.period().wire());
      }
    }
    ObjectNode teams = doc.putObject("teams");
    policy.teams().forEach((t, owners) -> owners.forEach(teams.withArray(t)::add));
    try {
      return Json.mapper().writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new LabStateException("cannot write the budgets: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a stored policy; {@code where} names it in messages.
   *
   * @throws LabStateException when it does not read, or a newer NestLab wrote it
   */
  public static BudgetPolicy read(String where, String text) {
    try {
      JsonNode doc = Json.mapper().readTree(text);
      int found = doc == null ? 0 : doc.path("formatVersion").asInt(0);
      if (found < 1) {
        throw new LabStateException(where + " has no format version; fix or remove it");
      }
      if (found > FORMAT) {
        throw new LabStateException(
            where + " has format version " + found + ", newer than this NestLab reads; upgrade");
      }
      List<Budget> budgets = new ArrayList<>();
      for (JsonNode n : doc.path("budgets")) {
        budgets.add(budget(n));
      }
      Map<String, List<String>> teams = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : doc.path("teams").properties()) {
        List<String> owners = new ArrayList<>();
        e.getValue().forEach(o -> owners.add(o.asText()));
        teams.put(e.getKey(), owners);
      }
      return new BudgetPolicy(budgets, teams);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new LabStateException(
          "cannot read " + where + ": " + e.getMessage() + "; fix or remove it", e);
    }
  }

  private static Budget budget(JsonNode n) {
    Budget.Scope scope = Budget.Scope.valueOf(n.path("scope").asText().toUpperCase(Locale.ROOT));
    int maxLabs = n.path("maxLabs").isNumber() ? n.path("maxLabs").asInt() : Budget.NO_LIMIT;
    Money cost = n.path("maxCostUsd").isTextual() ? Money.usd(n.path("maxCostUsd").asText()) : null;
    Budget.Period period =
        n.path("period").isTextual()
            ? Budget.Period.valueOf(n.path("period").asText().toUpperCase(Locale.ROOT))
            : null;
    return new Budget(scope, n.path("name").asText(), maxLabs, cost, period);
  }
}
