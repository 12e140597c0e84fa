package io.nestlab.samples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.plan.Plan;
import io.nestlab.plan.PlanOption;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EstimateOnlyTest {
  @Test
  void samplePlansTheLabOnBothCloudsCheapestFirst() {
    Plan plan = EstimateOnly.estimate();
    assertFalse(plan.options().isEmpty());
    assertTrue(plan.options().stream().anyMatch(o -> o.provider().equals("aws")));
    assertTrue(plan.options().stream().anyMatch(o -> o.provider().equals("gcp")));
    for (int i = 1; i < plan.options().size(); i++) {
      PlanOption a = plan.options().get(i - 1);
      PlanOption b = plan.options().get(i);
      assertTrue(a.hourly().compareTo(b.hourly()) <= 0, a + " before " + b);
    }
    // 3 hosts x 16 GiB + a tiny 8.0 vCenter (14 GiB) must fit in the chosen host's memory.
    assertTrue(plan.best().orElseThrow().memoryGib() >= 3 * 16 + 14);
  }

  @Test
  void mainPrintsTheOptions() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    EstimateOnly.print(EstimateOnly.estimate(), new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("Lab ci-lab: "), out);
    assertTrue(out.contains("/h"), out);
  }
}
