package io.nestlab.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.aws.internal.AwsSettings;
import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.CatalogSource;
import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.UserDataRenderer;
import io.nestlab.engine.WaitLevel;
import io.nestlab.plan.PlanOption;
import io.nestlab.plan.PlanOptions;
import io.nestlab.plan.Planner;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spec.PlacementSpec;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * A full {@code up}/{@code down} of the sample single-host lab (ESXi and a vCenter) through the
 * engine, with the real bootstrap renderer, on the AWS provider against a real moto_server.
 */
class AwsEngineUpDownIT {
  static MotoServer moto;
  static Ec2Client raw;
  @TempDir Path state;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    raw = moto.ec2Client();
  }

  @AfterAll
  static void stop() throws Exception {
    if (raw != null) {
      raw.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void upToInfrastructureMakesAnIsolatedHostAndDownLeavesNothing() throws Exception {
    LabSpec spec =
        LabSpecs.read(
            Path.of(System.getProperty("nestlab.repo.dir", ".."), "samples/labs/single-host.yaml"));
    PlanOption option =
        Planner.plan(
                spec.toBuilder()
                    .placement(
                        new PlacementSpec(
                            List.of("aws"),
                            List.of("us-east-1"),
                            spec.placement().kind(),
                            spec.placement().market(),
                            spec.placement().maxHourlyUsd()))
                    .build(),
                Catalog.from(List.of(CatalogSource.embedded("aws"))),
                PlanOptions.defaults().withProviders(List.of("aws")))
            .best()
            .orElseThrow();
    LabEngine engine =
        LabEngine.builder(FileLabStore.at(state))
            .providers(
                (id, s) ->
                    AwsLabProviderFactory.create(
                        AwsSettings.parse(s),
                        List.of(),
                        Duration.ofMillis(10),
                        Duration.ofMillis(50)))
            .userData(UserDataRenderer.bootstrap())
            .pollInterval(Duration.ofMillis(50))
            .build();
    ProviderSettings settings =
        ProviderSettings.of(Map.of("endpoint", moto.uri().toString(), "region", "us-east-1"));

    LabRecord up =
        engine.create(CreateRequest.of(spec, option, settings).withWait(WaitLevel.INFRASTRUCTURE));

    // --wait infrastructure returns once the host runs; the bootstrap goes on (resume follows it).
    assertTrue(up.ended(LabStep.RUNNING.wire()), up.toString());
    assertEquals(null, up.lastError());
    String lab = up.labId();
    Instance host = MotoLabChecks.assertIsolatedL1Host(raw, lab);
    assertEquals(option.instanceType(), host.instanceTypeAsString());
    assertEquals(up.hostIfPresent().orElseThrow().id(), host.instanceId());
    assertEquals(host.publicIpAddress(), up.publicIp());
    // The user data is the bootstrap, gzip-compressed to fit EC2's 16 KB, with the lab's key.
    byte[] userData =
        Base64.getDecoder()
            .decode(
                raw.describeInstanceAttribute(
                        b -> b.instanceId(host.instanceId()).attribute("userData"))
                    .userData()
                    .value());
    String text;
    try (var in = new GZIPInputStream(new ByteArrayInputStream(userData))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(text.startsWith("#cloud-config") || text.startsWith("Content-Type"), text);
    assertEquals("nestlab-" + lab, host.keyName(), "the lab's SSH key opens the host");

    LabRecord down = engine.destroy(lab, ProviderSettings.empty());

    assertEquals(LabStatus.DESTROYED, down.status(), down.lastError());
    MotoLabChecks.assertNothingTagged(raw, lab);
  }
}
