package io.nestlab.fake;

import io.nestlab.spi.LabProvider;
import io.nestlab.spi.contract.BlueprintProviderContract;
import java.time.Duration;
import java.time.Instant;

/** The in-memory fake, on a deterministic clock, keeps the provider contract. */
class FakeProviderContractTest extends BlueprintProviderContract {
  private final FakeClock clock = FakeClock.at(Instant.parse("2026-11-24T10:00:00Z"));
  private FakeLabProvider fake;

  @Override
  protected LabProvider createProvider() {
    fake = FakeLabProvider.builder().clock(clock).build();
    return fake;
  }

  @Override
  protected String region() {
    return FakeCatalog.REGION;
  }

  @Override
  protected String instanceType() {
    return "fake.nested.8x64";
  }

  @Override
  protected String unknownSnapshotId() {
    return "fake-snap-deadbeef";
  }

  @Override
  protected String unknownHostId() {
    return "fake-i-deadbeef";
  }

  @Override
  protected void pause(Duration d) {
    clock.advance(d);
  }

  @Override
  protected boolean injectCapacityErrorOnNextLaunch() {
    fake.failNextLaunchForCapacity();
    return true;
  }

  @Override
  protected boolean injectThrottlingOnNextCall() {
    fake.throttleNextCall();
    return true;
  }
}
