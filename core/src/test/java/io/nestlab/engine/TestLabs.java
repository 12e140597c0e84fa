package io.nestlab.engine;

import io.nestlab.spec.BudgetAction;
import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.PolicySpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/** Lab specs for engine tests. */
public final class TestLabs {
  private TestLabs() {}

  /** A two-host lab with an 8 h TTL and no budget. */
  public static LabSpec small() {
    return LabSpec.builder()
        .name("engine-test")
        .esxi(new EsxiSpec("8.0U3", 2, "esx", 4, 16, 32, 100, Map.of()))
        .build();
  }

  /** {@link #small()} with a budget and its action. */
  public static LabSpec withBudget(String usd, BudgetAction action) {
    return small().toBuilder()
        .policy(new PolicySpec(Duration.ofHours(8), new BigDecimal(usd), action, 1.0, 4.0))
        .build();
  }

  /** {@link #small()} with a TTL. */
  public static LabSpec withTtl(Duration ttl) {
    return small().toBuilder()
        .policy(new PolicySpec(ttl, null, BudgetAction.STOP, 1.0, 4.0))
        .build();
  }
}
