package io.nestlab.aws;

import io.nestlab.aws.internal.AwsSettings;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.contract.LabProviderContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Core's provider contract suite, run against the AWS provider and a real moto_server. */
class AwsProviderContractIT extends LabProviderContract {
  static MotoServer moto;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
  }

  @AfterAll
  static void stopMoto() throws Exception {
    if (moto != null) {
      moto.close();
    }
  }

  @Override
  protected LabProvider createProvider() {
    AwsSettings settings =
        AwsSettings.parse(
            ProviderSettings.of(
                Map.of(
                    "endpoint", moto.uri().toString(),
                    "region", "us-east-1",
                    "waitTimeout", "30s")));
    return AwsLabProviderFactory.create(
        settings, List.of(), Duration.ofMillis(10), Duration.ofMillis(50));
  }

  @Override
  protected String region() {
    return "us-east-1";
  }

  @Override
  protected String instanceType() {
    return "c8i.2xlarge";
  }

  @Override
  protected String unknownHostId() {
    return "i-0123456789abcdef0";
  }
}
