package io.nestlab.engine.internal.rehearse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.NestLabException;
import io.nestlab.catalog.HostKind;
import io.nestlab.catalog.Market;
import io.nestlab.catalog.SupportLevel;
import io.nestlab.cost.Money;
import io.nestlab.internal.io.Json;
import io.nestlab.plan.Headroom;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.UpgradeSpec;
import io.nestlab.state.LabRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rehearsal's engine-side CPU precheck: the planned host type against the target ESXi. */
class CpuFactsTest {
  private static PlanOption on(String provider, String type) {
    Money m = Money.usd(BigDecimal.ONE);
    return new PlanOption(
        provider,
        "us-east-1",
        type,
        Market.ON_DEMAND,
        HostKind.METAL,
        2,
        SupportLevel.PROVEN,
        72,
        512,
        30,
        0,
        m,
        m,
        m,
        List.of(),
        new Headroom(0, 0, 0));
  }

  private static LabRecord lab(String provider, String type, String target) {
    LabSpec article = RehearsalConfigTest.article();
    LabSpec spec =
        article.toBuilder()
            .upgrade(new UpgradeSpec(target, article.upgrade().vcenterVersion()))
            .build();
    return LabRecord.builder("lab-1", provider)
        .owner("tester")
        .created(Instant.EPOCH)
        .spec(spec)
        .plan(on(provider, type))
        .build();
  }

  @Test
  void aBroadwellHostCannotRehearseAnUpgradeToEsxi9() {
    NestLabException e =
        assertThrows(NestLabException.class, () -> CpuFacts.require(lab("aws", "i3.metal", "9.0")));
    assertTrue(e.getMessage().contains("i3.metal cannot run ESXi 9.0"), e.getMessage());
    assertTrue(e.getMessage().contains("Broadwell"), e.getMessage());
    assertTrue(e.getMessage().contains("placement.instanceTypes"), e.getMessage());
    // to 8.0U3 the same host is fine
    CpuFacts.require(lab("aws", "i3.metal", "8.0U3"));
  }

  @Test
  void aDeprecatedCpuIsAWarningOfTheReport() throws Exception {
    LabRecord rec = lab("aws", "m5.metal", "9.0");
    CpuFacts.require(rec);
    JsonNode report = Json.mapper().readTree("{\"state\":\"passed\",\"warnings\":[\"vCLS\"]}");
    JsonNode with = CpuFacts.withWarnings(report, rec);
    assertEquals(2, with.path("warnings").size(), with.toString());
    assertTrue(
        with.path("warnings").get(1).asText().contains("deprecated in ESXi 9"), with.toString());
    assertEquals(1, report.path("warnings").size(), "the host's report is not changed in place");
  }

  @Test
  void aCloudTheTableDoesNotKnowIsNotJudged() throws Exception {
    LabRecord rec = lab("fake", "fake-metal.large", "9.0");
    CpuFacts.require(rec);
    JsonNode report = Json.mapper().readTree("{\"warnings\":[]}");
    assertSame(report, CpuFacts.withWarnings(report, rec));
  }
}
