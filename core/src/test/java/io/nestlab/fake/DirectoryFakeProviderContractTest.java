package io.nestlab.fake;

import io.nestlab.spi.LabProvider;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.contract.LabProviderContract;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory-backed fake, made through its factory as the CLI makes it (real clock, short
 * transitions), keeps the provider contract.
 */
class DirectoryFakeProviderContractTest extends LabProviderContract {
  @TempDir Path dir;

  @Override
  protected LabProvider createProvider() {
    return new FakeLabProviderFactory()
        .create(
            ProviderSettings.of(
                Map.of("dir", dir.toString(), "transition-ms", "50", "boot-phase-ms", "20")));
  }

  @Override
  protected String region() {
    return FakeCatalog.REGION;
  }

  @Override
  protected String instanceType() {
    return "fake.nested.16x128";
  }

  @Override
  protected String unknownHostId() {
    return "fake-i-deadbeef";
  }
}
