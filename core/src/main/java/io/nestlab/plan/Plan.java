package io.nestlab.plan;

import io.nestlab.plan.internal.PlanJson;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The result of planning a lab: every feasible option ranked by hourly cost (cheapest first), and
 * why each provider without options cannot carry it. Immutable and deterministic: the same spec,
 * catalog and options give an equal plan and byte-identical {@link #toJson()}.
 *
 * @param lab the lab's name
 * @param sessionHours the hours one session is priced for
 * @param catalog where each provider's figures come from
 * @param requirements what the lab needs from its L1 host
 * @param options feasible options, cheapest first
 * @param infeasible providers that cannot carry the lab, with the binding constraint
 */
public record Plan(
    String lab,
    BigDecimal sessionHours,
    List<CatalogInfo> catalog,
    Requirements requirements,
    List<PlanOption> options,
    List<Infeasible> infeasible) {

  public Plan {
    catalog = List.copyOf(catalog);
    options = List.copyOf(options);
    infeasible = List.copyOf(infeasible);
  }

  /** The cheapest option, if the lab fits anywhere. */
  public Optional<PlanOption> best() {
    return options.isEmpty() ? Optional.empty() : Optional.of(options.get(0));
  }

  /** The JSON contract of {@code nestlab estimate --json} (docs/cost-model.md). */
  public String toJson() {
    return PlanJson.write(this);
  }
}
