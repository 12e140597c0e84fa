package io.nestlab.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.catalog.Catalog;
import io.nestlab.cost.Money;
import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.MarketPreference;
import io.nestlab.spec.PlacementKind;
import io.nestlab.spec.PlacementSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanDiffTest {
  private static final Catalog CATALOG = Catalog.embedded();

  private static LabSpec awsNested(LabSpec spec) {
    return Labs.withPlacement(
        spec,
        new PlacementSpec(
            List.of("aws"), List.of(), PlacementKind.NESTED, MarketPreference.ON_DEMAND, null));
  }

  @Test
  void samePlanHasNoChange() {
    PlanDiff d = PlanDiff.of(Labs.article(), Labs.article(), CATALOG, PlanOptions.defaults());
    assertFalse(d.changed());
    assertEquals(Money.ZERO, d.hourlyChange());
    assertEquals("no change\n", d.toText());
  }

  @Test
  void biggerHostsMoveToALargerTypeAndSayByHowMuch() {
    LabSpec before = awsNested(Labs.article());
    LabSpec after =
        awsNested(
            Labs.article().toBuilder()
                .esxi(new EsxiSpec("7.0U3", 3, "esx", 2, 24, 32, 100, Map.of()))
                .build());
    PlanDiff d = PlanDiff.of(before, after, CATALOG, PlanOptions.defaults());
    assertEquals("x8i.xlarge", d.before().instanceType());
    // 50 GiB at the upgrade's peak before; 3 x 24 + 12 + 2 + 2 = 88 after (esx-02 then holds
    // the new appliance without being counted larger)
    assertTrue(d.changes().contains("L1 memory GiB: 50 -> 88"), d.toText());
    assertTrue(
        d.changes().contains("instance type: x8i.xlarge -> " + d.after().instanceType()),
        d.toText());
    assertEquals(d.after().hourly().minus(d.before().hourly()), d.hourlyChange());
    assertTrue(d.hourlyChange().usd().signum() > 0);
    assertTrue(
        d.toText().contains("hourly cost: $0.4657 -> " + d.after().hourly() + " (+"), d.toText());
  }

  @Test
  void aLabThatNoLongerFitsSaysWhy() {
    LabSpec after =
        Labs.article().toBuilder()
            .esxi(new EsxiSpec("8.0U3", 32, "esx", 4, 256, 32, 100, Map.of()))
            .build();
    PlanDiff d = PlanDiff.of(Labs.article(), after, CATALOG, PlanOptions.defaults());
    assertNull(d.after());
    assertNull(d.hourlyChange());
    assertTrue(d.toText().contains("no longer fits: aws: needs"), d.toText());
  }
}
