package io.nestlab.gcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nestlab.gcp.testserver.ComputeTestServer;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabProviders;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.contract.LabProviderContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The core provider contract, kept by the GCP provider through the real google-cloud-compute
 * clients against the Compute Engine test server. At the end nothing labelled remains and no
 * request body broke the v1 schemas.
 */
class GcpProviderContractIT extends LabProviderContract {
  private static final int MAX_RETRIES = 2;
  private static ComputeTestServer server;

  @BeforeAll
  static void startServer() {
    server = ComputeTestServer.start();
  }

  @AfterAll
  static void stopServer() {
    try {
      assertEquals(List.of(), server.labelledResources(), "labelled resources left");
      assertEquals(List.of(), server.violations(), "request bodies that broke the v1 schemas");
    } finally {
      server.close();
    }
  }

  @Override
  protected LabProvider createProvider() {
    server.resetFaults();
    return LabProviders.factory("gcp")
        .create(
            ProviderSettings.of(
                Map.of(
                    "endpoint", server.endpoint(),
                    "project", "p1",
                    "region", region(),
                    "poll-interval", "10ms",
                    "operation-timeout", "20s",
                    "call-timeout", "10s",
                    "max-retries", String.valueOf(MAX_RETRIES))));
  }

  @Override
  protected String region() {
    return "us-central1";
  }

  @Override
  protected String instanceType() {
    return "n2-standard-8";
  }

  @Override
  protected String unknownHostId() {
    return "nestlab-ghost-00000000";
  }

  @Override
  protected boolean injectCapacityErrorOnNextLaunch() {
    for (String z : List.of("a", "b", "c", "f")) {
      server.exhaustZone("us-central1-" + z);
    }
    return true;
  }

  @Override
  protected boolean injectThrottlingOnNextCall() {
    // The provider retries a 429 itself; refuse every attempt of the next call.
    server.throttleNext(MAX_RETRIES + 1);
    return true;
  }
}
