package io.nestlab.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.testing.Peer;
import io.nestlab.testing.Peers;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed snapshot rates are what the generator makes from {@code ../shared/data}. */
class SnapshotRatesGeneratorTest {
  @Test
  void committedRatesMatchTheSharedData() throws IOException {
    Peers.require(Peer.SHARED_DATA);
    String generated =
        SnapshotRatesGenerator.generate(Path.of(System.getProperty("nestlab.shared.dir"), "data"));
    Path resource =
        Path.of(System.getProperty("nestlab.repo.dir", ".."))
            .resolve("core/src/main/resources/io/nestlab/catalog/snapshot-rates.tsv");
    if (Boolean.getBoolean("nestlab.catalog.write")) {
      Files.writeString(resource, generated, StandardCharsets.UTF_8);
    }
    assertEquals(
        generated,
        Files.readString(resource, StandardCharsets.UTF_8),
        "regenerate with -Dtest=SnapshotRatesGeneratorTest -Dnestlab.catalog.write=true");
  }

  @Test
  void bothCloudsKeepSnapshotsForAboutFiveCentsAGibMonth() {
    SnapshotRates rates = SnapshotRates.embedded();
    assertEquals(
        0,
        new BigDecimal("0.05").compareTo(rates.usdPerGibMonth("aws", "us-east-1").orElseThrow()));
    assertEquals(
        0,
        new BigDecimal("0.05").compareTo(rates.usdPerGibMonth("gcp", "us-central1").orElseThrow()));
    assertTrue(rates.usdPerGibMonth("gcp", "atlantis-1").isEmpty());
    assertTrue(rates.source("gcp").orElseThrow().contains("pricing.yml"));
  }
}
