package io.nestlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.ProviderException;
import io.nestlab.fake.FakeClock;
import io.nestlab.fake.FakeFaults;
import io.nestlab.fake.FakeLabProvider;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.TagFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-cloud API rate limits: a token bucket shared by every provider a resolver opens, and retries
 * of throttled calls. Waiting is a recording sleeper that moves a fake clock: nothing waits.
 */
class RateLimitsTest {
  final FakeClock clock = FakeClock.at(Instant.parse("2026-11-24T10:00:00Z"));
  final List<Duration> sleeps = new ArrayList<>();
  final Sleeper sleeper =
      d -> {
        synchronized (sleeps) {
          sleeps.add(d);
        }
        clock.advance(d);
      };

  @Test
  void ratesAreWrittenAsCallsPerSecondOrMinute() {
    assertEquals(new ApiRate(5, 10), ApiRate.parse("5/s"));
    assertEquals(new ApiRate(2, 4), ApiRate.parse("120/min"));
    assertEquals(new ApiRate(5, 1), ApiRate.parse("5/s,burst=1"));
    assertTrue(ApiRate.parse("none").isUnlimited());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ApiRate.parse("fast"))
            .getMessage()
            .contains("write CALLS/s or CALLS/min"));
    assertEquals(new ApiRate(5, 10), ApiRate.defaultFor("aws"));
    assertTrue(ApiRate.defaultFor("fake").isUnlimited());
  }

  @Test
  void providersOfOneResolverShareOneBucket() {
    FakeLabProvider fake = FakeLabProvider.builder().clock(FakeClock.at(Instant.EPOCH)).build();
    ProviderResolver limited =
        RateLimits.limit((id, s) -> fake, id -> new ApiRate(2, 2), clock, sleeper);
    LabProvider a = limited.open("fake", ProviderSettings.empty());
    LabProvider b = limited.open("fake", ProviderSettings.empty());
    for (int i = 0; i < 5; i++) {
      a.listOwned(TagFilter.anyLab());
      b.listOwned(TagFilter.anyLab());
    }
    // 10 calls at 2/s with a burst of 2: the first two at once, then one every half second.
    assertEquals(8, sleeps.size(), sleeps.toString());
    assertTrue(sleeps.stream().allMatch(d -> d.equals(Duration.ofMillis(500))), sleeps.toString());
    assertEquals(10, fake.callCount());
    assertEquals("fake", a.id()); // local answers take no token
    b.sshUser();
    assertEquals(8, sleeps.size());
  }

  @Test
  void aThrottledCallIsRepeatedAfterABackoff() {
    FakeLabProvider fake = FakeLabProvider.builder().clock(FakeClock.at(Instant.EPOCH)).build();
    LabProvider p =
        RateLimits.limit((id, s) -> fake, id -> ApiRate.unlimited(), clock, sleeper)
            .open("fake", ProviderSettings.empty());
    fake.throttleNextCall();
    p.listOwned(TagFilter.anyLab());
    assertEquals(List.of(Duration.ofSeconds(1)), sleeps);
    assertEquals(2, fake.callCount());
  }

  @Test
  void aCloudThatKeepsThrottlingFailsTheCallAfterTheLastAttempt() {
    FakeLabProvider fake =
        FakeLabProvider.builder()
            .clock(clock)
            .faults(FakeFaults.none().withThrottle(1.0, 1))
            .build();
    LabProvider p =
        RateLimits.limit((id, s) -> fake, id -> ApiRate.unlimited(), clock, sleeper)
            .open("fake", ProviderSettings.empty());
    ProviderException e =
        assertThrows(ProviderException.class, () -> p.listOwned(TagFilter.anyLab()));
    assertTrue(e.throttled(), e.getMessage());
    assertEquals(6, fake.callCount());
    assertEquals(
        List.of(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16)),
        sleeps);
  }
}
