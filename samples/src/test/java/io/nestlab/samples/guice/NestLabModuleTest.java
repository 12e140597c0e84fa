package io.nestlab.samples.guice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.nestlab.NestLabException;
import io.nestlab.aws.guice.AwsProviderModule;
import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.ProviderResolver;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.fake.FakeClock;
import io.nestlab.gcp.guice.GcpProviderModule;
import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.LabSpec;
import io.nestlab.spi.LabProviderFactory;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NestLabModuleTest {
  @TempDir Path state;

  @Test
  void eachProviderModuleContributesItsFactory() {
    Injector injector =
        Guice.createInjector(
            new NestLabModule(state),
            new AwsProviderModule(),
            new GcpProviderModule(),
            new FakeProviderModule());

    Set<LabProviderFactory> factories =
        injector.getInstance(Key.get(new TypeLiteral<Set<LabProviderFactory>>() {}));

    assertEquals(
        Set.of("aws", "gcp", "fake"),
        factories.stream().map(LabProviderFactory::id).collect(Collectors.toSet()));
  }

  @Test
  void anUnknownProviderFailsNamingTheBoundOnes() {
    Injector injector = Guice.createInjector(new NestLabModule(state), new FakeProviderModule());

    NestLabException e =
        assertThrows(
            NestLabException.class,
            () ->
                injector.getInstance(ProviderResolver.class).open("aws", ProviderSettings.empty()));

    assertTrue(e.getMessage().contains("no provider 'aws' is bound; known: fake"), e.getMessage());
  }

  @Test
  void testsOverrideTheClockAndTheStore(@TempDir Path other) {
    Instant start = Instant.parse("2026-01-02T03:04:05Z");
    FakeClock clock = FakeClock.at(start);
    Injector injector = OverrideForTests.injector(state, other, clock);

    LabEngine engine = injector.getInstance(LabEngine.class);
    LabSpec spec =
        LabSpec.builder()
            .name("guice")
            .esxi(new EsxiSpec("8.0U3", 1, "esx", 2, 16, 32, 100, Map.of()))
            .build();
    LabRecord rec =
        engine.create(
            CreateRequest.of(
                    spec,
                    FakeCatalog.option("fake.nested.8x64", 30, 130),
                    ProviderSettings.of(Map.of("transition-ms", "0", "boot-phase-ms", "0")))
                .withWait(io.nestlab.engine.WaitLevel.NONE));

    assertEquals(start, rec.created(), "the engine runs on the overriding clock");
    assertEquals(
        new TreeSet<>(engine.store().labIds()), new TreeSet<>(java.util.List.of(rec.labId())));
    assertEquals(other.toString(), engine.store().location());
    assertTrue(rec.status() == LabStatus.CREATING || rec.status() == LabStatus.READY);
  }
}
