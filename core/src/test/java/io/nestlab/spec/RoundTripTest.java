package io.nestlab.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Writing a spec and reading it back gives an equal spec, in YAML and in JSON. */
class RoundTripTest {
  /** Texts YAML would read as something else when written bare. */
  private static final List<String> TRICKY =
      List.of(
          "yes",
          "no",
          "on",
          "off",
          "null",
          "true",
          "~",
          "8.0",
          "1e3",
          "0x1F",
          "a: b",
          "#x",
          "- x",
          "'q'",
          "\"dq\"",
          "multi\nline",
          " lead",
          "trail ",
          "ünïcødé",
          "",
          "[x]",
          "{y}",
          "@at",
          "`tick`",
          "%pct",
          "!tag",
          "&anchor",
          "*alias",
          "|pipe",
          ">fold",
          "07",
          "-5");

  private final Random random = new Random(20261124L);

  @Test
  void randomSpecsSurviveWriteThenReadInBothFormats() {
    for (int i = 0; i < 200; i++) {
      LabSpec spec = randomSpec();
      for (SpecFormat f : SpecFormat.values()) {
        String text = LabSpecs.write(spec, f);
        LabSpec back =
            LabSpecs.parseUnvalidated(text, "random-" + i + "." + f.name().toLowerCase());
        assertEquals(spec, back, "seed 20261124, spec " + i + ", " + f + ":\n" + text);
      }
    }
  }

  @Test
  void aMinimalFileGetsEveryDocumentedDefault() {
    // Unvalidated: by default vCenter sits on the first host, which at 8 GiB cannot hold it.
    LabSpec spec =
        LabSpecs.parseUnvalidated(
            "apiVersion: nestlab/v1\nname: minimal\nesxi: { version: \"8.0U3\" }\n"
                + "vcenter: {}\nguests: [ { name: g1 } ]\n",
            "minimal.yaml");
    assertEquals(List.of(new EsxiHost("esx-01", 1, 2, 8, 32, 100)), spec.hosts());
    assertEquals(new VcenterSpec("8.0U3", "tiny", "esx-01"), spec.vcenter());
    assertEquals(List.of(new GuestSpec("g1", 1, 2, 16, "esx-01", null)), spec.guests());
    assertEquals(NetworkSpec.defaults(), spec.network());
    assertEquals(MediaSpec.none(), spec.media());
    assertEquals(null, spec.upgrade());
    assertEquals(PolicySpec.defaults(), spec.policy());
    assertEquals(Duration.ofHours(8), spec.policy().ttl());
    assertEquals(BudgetAction.STOP, spec.policy().onBudget());
    assertEquals(PlacementSpec.anywhere(), spec.placement());
    assertEquals(MarketPreference.ON_DEMAND, spec.placement().market());
  }

  @Test
  void yamlAndJsonOfOneLabReadToTheSameSpec() {
    String yaml =
        "apiVersion: nestlab/v1\nname: twins\nesxi:\n  version: 8.0\n  count: 2\n"
            + "policy: { ttl: 1h30m, budgetUsd: 12.5 }\n";
    String json =
        "{\"apiVersion\":\"nestlab/v1\",\"name\":\"twins\",\"esxi\":{\"version\":\"8.0\","
            + "\"count\":2},\"policy\":{\"ttl\":\"90m\",\"budgetUsd\":12.5}}";
    assertEquals(LabSpecs.parse(yaml, "twins.yaml"), LabSpecs.parse(json, "twins.json"));
    assertEquals("8.0", LabSpecs.parse(yaml, "twins.yaml").esxi().version());
  }

  private LabSpec randomSpec() {
    String version = pick(List.of("6.7", "7.0U3", "8.0", "8.0U3", "9.0", "7.0u2"));
    Map<String, HostOverride> overrides = new LinkedHashMap<>();
    for (int i = 0; i < random.nextInt(3); i++) {
      overrides.put(
          "esx-0" + (i + 1),
          new HostOverride(
              maybe(random.nextInt(16)),
              maybe(random.nextInt(512)),
              maybe(random.nextInt(64)),
              maybe(random.nextInt(1000))));
    }
    EsxiSpec esxi =
        new EsxiSpec(
            version,
            1 + random.nextInt(8),
            pick(List.of("esx", "host", "a1", "yes")),
            random.nextInt(64),
            random.nextInt(1024),
            random.nextInt(200),
            random.nextInt(2000),
            overrides);
    LabSpecBuilder b =
        LabSpec.builder()
            .name(text())
            .esxi(esxi)
            .network(new NetworkSpec(text(), text()))
            .policy(
                new PolicySpec(
                    Duration.ofSeconds(1 + random.nextInt(5_000_000)),
                    random.nextBoolean() ? null : money(),
                    pick(List.of(BudgetAction.values())),
                    random.nextInt(400) / 100.0,
                    random.nextDouble() * 10))
            .placement(
                new PlacementSpec(
                    List.of(text(), "aws"),
                    random.nextBoolean() ? List.of() : List.of(text(), "us-east-1"),
                    pick(List.of(PlacementKind.values())),
                    pick(List.of(MarketPreference.values())),
                    random.nextBoolean() ? null : money()));
    if (random.nextBoolean()) {
      b.apiVersion(text());
    }
    if (random.nextBoolean()) {
      b.vcenter(new VcenterSpec(text(), text(), random.nextBoolean() ? "l1" : text()));
    }
    if (random.nextBoolean()) {
      b.upgrade(
          new UpgradeSpec(
              random.nextBoolean() ? null : text(),
              random.nextBoolean() ? null : text(),
              random.nextBoolean() ? null : new MediaRef(text(), null),
              random.nextBoolean() ? null : new MediaRef(text(), null),
              random.nextBoolean() ? null : text(),
              random.nextBoolean() ? null : new MediaRef(text(), null)));
    }
    if (random.nextBoolean()) {
      b.media(
          new MediaSpec(
              random.nextBoolean()
                  ? null
                  : new MediaRef(text(), random.nextBoolean() ? null : text()),
              random.nextBoolean() ? null : new MediaRef(text(), null)));
    }
    List<GuestSpec> guests = new ArrayList<>();
    for (int i = 0; i < random.nextInt(4); i++) {
      guests.add(
          new GuestSpec(
              text(),
              random.nextInt(9),
              random.nextInt(65),
              random.nextInt(500),
              random.nextBoolean() ? null : text(),
              random.nextBoolean() ? null : text()));
    }
    return b.guests(guests).build();
  }

  private String text() {
    return random.nextInt(3) == 0 ? pick(TRICKY) : "t" + random.nextInt(1000) + "-x";
  }

  private BigDecimal money() {
    return BigDecimal.valueOf(random.nextInt(100_000), random.nextInt(4));
  }

  private Integer maybe(int value) {
    return random.nextBoolean() ? null : value;
  }

  private <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }
}
