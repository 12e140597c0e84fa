package io.nestlab.engine.internal.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nestlab.NestLabTimeoutException;
import io.nestlab.ProviderException;
import io.nestlab.engine.ForwardingProvider;
import io.nestlab.engine.internal.EngineContext;
import io.nestlab.engine.internal.EngineFixture;
import io.nestlab.fake.FakeFaults;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ResourceKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeleteUntilGoneTest {
  @TempDir Path dir;

  final List<OwnedResource> existing = new ArrayList<>();
  final List<String> deletes = new ArrayList<>();
  final List<Integer> listings = new ArrayList<>();

  static OwnedResource resource(String id, ResourceKind kind) {
    return new OwnedResource("fake", "region-1", kind, id, Map.of());
  }

  /** Deletes from {@link #existing}; the ids in {@code busy} refuse (retryably) once each. */
  private LabProvider cloud(EngineFixture f, Set<String> busy, boolean fatal) {
    Set<String> refused = new java.util.HashSet<>();
    return new ForwardingProvider(f.fake(FakeFaults.none())) {
      @Override
      public void delete(OwnedResource r) {
        deletes.add(r.id());
        if (busy.contains(r.id()) && refused.add(r.id())) {
          throw new ProviderException("fake", "InUse", null, !fatal, false, "in use", null);
        }
        existing.remove(r);
      }
    };
  }

  @Test
  void retryableRefusalsWaitForTheNextRoundUntilNothingIsLeft() {
    EngineFixture f = new EngineFixture(dir);
    existing.add(resource("i-1", ResourceKind.INSTANCE));
    existing.add(resource("net-1", ResourceKind.NETWORK));
    LabProvider p = cloud(f, Set.of("net-1"), false);
    EngineContext ctx = f.context(p);

    int deleted =
        new DeleteUntilGone(ctx, p, Duration.ofMinutes(1))
            .run(() -> List.copyOf(existing), left -> listings.add(left.size()), "lab x", "");

    assertEquals(2, deleted);
    assertEquals(List.of("i-1", "net-1", "net-1"), deletes);
    assertEquals(List.of(2, 1, 0), listings, "the hook sees every listing");
    assertTrue(existing.isEmpty());
  }

  @Test
  void aRefusalThatIsNotRetryableEndsTheLoop() {
    EngineFixture f = new EngineFixture(dir);
    existing.add(resource("net-1", ResourceKind.NETWORK));
    LabProvider p = cloud(f, Set.of("net-1"), true);
    EngineContext ctx = f.context(p);

    ProviderException e =
        assertThrows(
            ProviderException.class,
            () ->
                new DeleteUntilGone(ctx, p, Duration.ofMinutes(1))
                    .run(() -> List.copyOf(existing), left -> {}, "lab x", ""));

    assertEquals("InUse", e.code());
    assertEquals(List.of("net-1"), deletes);
  }

  @Test
  void theTimeoutNamesWhatIsStillThereAndWhatToDo() {
    EngineFixture f = new EngineFixture(dir);
    OwnedResource stuck = resource("disk-9", ResourceKind.VOLUME);
    LabProvider p =
        new ForwardingProvider(f.fake(FakeFaults.none())) {
          @Override
          public void delete(OwnedResource r) {
            // accepted, but the resource never goes away
          }
        };
    EngineContext ctx = f.context(p);

    NestLabTimeoutException e =
        assertThrows(
            NestLabTimeoutException.class,
            () ->
                new DeleteUntilGone(ctx, p, Duration.ofSeconds(5))
                    .run(
                        () -> List.of(stuck),
                        left -> assertSame(stuck, left.get(0)),
                        "lab x",
                        "; run it again"));

    assertTrue(e.getMessage().contains("lab x to be deleted; still there: "), e.getMessage());
    assertTrue(e.getMessage().contains(stuck.describe()), e.getMessage());
    assertTrue(e.getMessage().endsWith("; run it again"), e.getMessage());
  }
}
