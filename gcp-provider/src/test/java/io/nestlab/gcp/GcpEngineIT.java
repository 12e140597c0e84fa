package io.nestlab.gcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nestlab.catalog.Catalog;
import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.WaitLevel;
import io.nestlab.gcp.testserver.ComputeTestServer;
import io.nestlab.plan.PlanOption;
import io.nestlab.plan.PlanOptions;
import io.nestlab.plan.Planner;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full up and down through the engine: the sample single-host lab planned on the embedded
 * catalog, created on the Compute Engine test server to the infrastructure level, then destroyed.
 */
class GcpEngineIT {
  @TempDir Path state;

  @Test
  void upCreatesALabelledNestedHostInItsOwnClosedNetworkAndDownRemovesEverything() {
    Path repo = Path.of(System.getProperty("nestlab.repo.dir", ".."));
    LabSpec spec = LabSpecs.read(repo.resolve("samples/labs/single-host.yaml"));
    PlanOption option =
        Planner.plan(
                spec,
                Catalog.embedded(),
                PlanOptions.defaults()
                    .withProviders(List.of("gcp"))
                    .withRegions(List.of("us-central1")))
            .best()
            .orElseThrow();
    assertEquals("gcp", option.provider());
    assertTrue(option.nestedVirtualization(), option.toString());

    try (ComputeTestServer server = ComputeTestServer.start()) {
      ProviderSettings settings =
          ProviderSettings.of(
              Map.of(
                  "endpoint", server.endpoint(),
                  "project", "p1",
                  "region", "us-central1",
                  "poll-interval", "20ms"));
      LabEngine engine =
          LabEngine.builder(FileLabStore.at(state))
              .pollInterval(Duration.ofMillis(50))
              .stateTimeout(Duration.ofSeconds(60))
              .destroyTimeout(Duration.ofSeconds(60))
              .build();
      LabRecord rec =
          engine.create(
              CreateRequest.of(spec, option, settings).withWait(WaitLevel.INFRASTRUCTURE));

      List<ObjectNode> instances = server.instances();
      assertEquals(1, instances.size());
      ObjectNode host = instances.get(0);
      assertTrue(
          host.path("advancedMachineFeatures").path("enableNestedVirtualization").asBoolean());
      assertTrue(
          host.path("machineType").asText().endsWith("/machineTypes/" + option.instanceType()),
          host.path("machineType").asText());
      assertEquals(rec.labId(), host.path("labels").path(LabTags.LAB).asText());
      boolean userData = false;
      for (JsonNode item : host.path("metadata").path("items")) {
        userData |=
            item.path("key").asText().equals("user-data") && !item.path("value").asText().isEmpty();
      }
      assertTrue(userData, "the engine's cloud-init reached the metadata");
      // The sample's media are gs:// URLs: the host reads them with its service account's token.
      assertEquals(
          "[{\"email\":\"default\",\"scopes\":"
              + "[\"https://www.googleapis.com/auth/devstorage.read_only\"]}]",
          host.path("serviceAccounts").toString());
      assertEquals(1, server.networks().size());
      String network = server.networks().get(0).path("selfLink").asText();
      assertTrue(host.path("networkInterfaces").get(0).path("network").asText().equals(network));
      for (ObjectNode fw : server.firewalls()) {
        assertEquals(network, server.networks().get(0).path("selfLink").asText());
        for (JsonNode range : fw.path("sourceRanges")) {
          assertFalse(range.asText().endsWith("/0"), "open ingress: " + fw);
        }
      }

      engine.destroy(rec.labId(), ProviderSettings.empty());
      assertEquals(List.of(), server.labelledResources());
      assertEquals(List.of(), server.violations());
    }
  }
}
