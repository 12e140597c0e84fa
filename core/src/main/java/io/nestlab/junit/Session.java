package io.nestlab.junit;

import io.nestlab.InvalidSpecException;
import io.nestlab.NoFittingInstanceException;
import io.nestlab.PartialFailureException;
import io.nestlab.catalog.Catalog;
import io.nestlab.catalog.CatalogSource;
import io.nestlab.cost.Money;
import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.LabView;
import io.nestlab.engine.ProviderResolver;
import io.nestlab.fake.FakeCatalog;
import io.nestlab.plan.Plan;
import io.nestlab.plan.PlanOption;
import io.nestlab.plan.PlanOptions;
import io.nestlab.plan.Planner;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spec.PlacementSpec;
import io.nestlab.spec.SpecFormat;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabProviderFactory;
import io.nestlab.spi.LabProviders;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import io.nestlab.state.LabStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What one JUnit run shares, kept in the root store: the engine, the providers it opened and the
 * reused labs, keyed by the hash of their spec, provider and settings.
 */
final class Session implements AutoCloseable {
  static final String STATE_DIR = "nestlab.junit.state-dir";
  static final String LEASE = "nestlab.junit.lease";
  static final String POLL_INTERVAL = "nestlab.junit.poll-interval";
  static final String REUSE_PREFIX = "junit-reuse-";
  static final String PROVIDER_OPT_PREFIX = "nestlab.junit.provider-opt.";
  private static final String BUDGET_PATH = "policy.budgetUsd";

  /**
   * The providers opened in this JVM, one per id and settings: an in-memory fake cloud lives as
   * long as the JVM, so a reused lab on it is found again by a later run in the same JVM.
   */
  private static final Map<String, LabProvider> PROVIDERS = new ConcurrentHashMap<>();

  private final LabEngine engine;
  private final Environment environment;
  private final Duration lease;
  private final Map<String, LabProvider> providers;
  private final Function<String, Optional<String>> config;
  private final Map<String, LabHandle> reused = new ConcurrentHashMap<>();
  private final Map<String, LabHandle> sharedByRun = new ConcurrentHashMap<>();

  private Session(
      LabEngine engine,
      Environment environment,
      Duration lease,
      Map<String, LabProvider> providers,
      Function<String, Optional<String>> config) {
    this.engine = engine;
    this.config = config;
    this.environment = environment;
    this.lease = lease;
    this.providers = providers;
  }

  static Session open(Function<String, Optional<String>> config) {
    LabStore store =
        config
            .apply(STATE_DIR)
            .map(d -> (LabStore) FileLabStore.at(Path.of(d)))
            .orElseGet(LabEngine::defaultStore);
    Duration lease = duration(config, LEASE, Duration.ofMinutes(10));
    Duration poll = duration(config, POLL_INTERVAL, Duration.ofMillis(500));
    Map<String, LabProvider> providers = PROVIDERS;
    ProviderResolver serviceLoader = ProviderResolver.serviceLoader();
    ProviderResolver shared =
        (id, settings) ->
            providers.computeIfAbsent(
                id + " " + new TreeMap<>(settings.asMap()), k -> serviceLoader.open(id, settings));
    LabEngine engine = LabEngine.builder(store).providers(shared).pollInterval(poll).build();
    return new Session(engine, new Environment(config), lease, providers, config);
  }

  LabEngine engine() {
    return engine;
  }

  /**
   * A running lab for {@code request}: reused, or created with a heartbeat lease that this JVM
   * renews. Aborts the caller's tests when the lab cannot be had for a reason that is not theirs.
   */
  LabHandle start(LabRequest annotated) {
    LabRequest request = withConfiguredOptions(annotated);
    if (request.reuse() && environment.isCi()) {
      throw new ExtensionConfigurationException(
          "@Lab "
              + request.where()
              + ": reuse = true is refused because CI is set (a CI run must not leave labs behind);"
              + " drop reuse = true, or run outside CI");
    }
    Optional<String> missing =
        environment.missingCredentials(request.provider(), request.settings().asMap());
    missing.ifPresent(
        why ->
            Assumptions.abort(
                "@Lab " + request.where() + " skipped: " + why + " (or use provider = \"fake\")"));
    LabSpec spec =
        request.blueprint() == null
            ? load(request)
            : BlueprintLab.spec(engine, request, () -> load(request));
    PlanOption option = cheapest(spec, request, BlueprintLab.region(engine, request));
    if (request.maxHourlyUsd() >= 0
        && option.hourly().compareTo(Money.usd(BigDecimal.valueOf(request.maxHourlyUsd()))) > 0) {
      Assumptions.abort(
          "@Lab "
              + request.where()
              + " skipped: the estimate "
              + ClassLabs.usd(option.hourly())
              + "/h ("
              + option.instanceType()
              + " in "
              + option.region()
              + ") is above maxHourlyUsd = "
              + request.maxHourlyUsd()
              + "; raise maxHourlyUsd to run it");
    }
    if (request.reuse()) {
      String key = REUSE_PREFIX + hash(spec, request);
      return reused.computeIfAbsent(key, k -> reuseOrCreate(k, spec, option, request));
    }
    if (request.sharedByRun()) {
      return sharedByRun.computeIfAbsent(
          hash(spec, request),
          k -> create(LabEngine.newLabId("junit-" + spec.name()), spec, option, request, true));
    }
    return create(LabEngine.newLabId("junit-" + spec.name()), spec, option, request, true);
  }

  /**
   * The request with the run's provider options under the field's: configuration parameters {@code
   * nestlab.junit.provider-opt.<provider>.<key>=<value>} (a region, a profile, the fake cloud's
   * directory) that the {@code @Lab} field does not set itself.
   */
  private LabRequest withConfiguredOptions(LabRequest request) {
    Map<String, String> options = new TreeMap<>();
    List<LabProviderFactory.SettingDoc> docs;
    try {
      docs = LabProviders.factory(request.provider()).settings();
    } catch (io.nestlab.NestLabException unknown) {
      return request; // creating the lab fails naming the known providers
    }
    for (LabProviderFactory.SettingDoc doc : docs) {
      String key = doc.key();
      config
          .apply(PROVIDER_OPT_PREFIX + request.provider() + "." + key)
          .ifPresent(v -> options.put(key, v));
    }
    return options.isEmpty() ? request : request.under(options);
  }

  private LabHandle reuseOrCreate(
      String name, LabSpec spec, PlanOption option, LabRequest request) {
    for (String id : engine.store().labIds()) {
      Optional<LabRecord> rec = engine.store().find(id);
      if (rec.isPresent()
          && name.equals(rec.get().name())
          && rec.get().status() == LabStatus.READY
          && rec.get().leaseUntil() != null
          && rec.get().leaseUntil().isAfter(Instant.now().plus(lease))
          && withinItsGuards(id, request)) {
        return new LabHandle(engine, provider(request), request.settings(), id, null, false);
      }
    }
    LabSpec named = spec.toBuilder().name(name).build();
    return create(LabEngine.newLabId(name), named, option, request, false);
  }

  /**
   * Whether a kept lab may be taken again: its own budget and TTL guards are applied first (as
   * {@code nestlab watch} would), so a lab about to cross its budget is stopped or destroyed by its
   * policy, not handed to more tests.
   */
  private boolean withinItsGuards(String labId, LabRequest request) {
    LabView view = engine.enforceGuards(labId, request.settings());
    return view.action() == null
        && !view.budget().isAct()
        && !view.ttl().isAct()
        && view.record().status() == LabStatus.READY;
  }

  private LabHandle create(
      String labId, LabSpec spec, PlanOption option, LabRequest request, boolean heartbeat) {
    CreateRequest create = CreateRequest.of(spec, option, request.settings()).withLabId(labId);
    if (request.blueprint() != null) {
      create = create.withBlueprint(request.blueprint()); // restored, no install (0187)
    }
    if (heartbeat) {
      create = create.withHeartbeat(lease);
    }
    try {
      engine.create(create);
    } catch (InvalidSpecException e) {
      // Refused before anything was made: the spec's budget does not pay for the cheapest option.
      if (!e.problems().isEmpty()
          && e.problems().stream().allMatch(p -> BUDGET_PATH.equals(p.path()))) {
        Assumptions.abort(
            "@Lab "
                + request.where()
                + " skipped: the estimate is above the spec's budget: "
                + e.problems().get(0).message()
                + " (policy.budgetUsd in "
                + (request.spec() != null
                    ? request.spec()
                    : "the lab of blueprint " + request.blueprint())
                + ") to run it");
      }
      throw e;
    } catch (PartialFailureException e) {
      // Asked of the failure itself: a creation that made nothing leaves no record to look at.
      if (e.failedStep().filter(LabStep.PREFLIGHT.wire()::equals).isPresent()) {
        Assumptions.abort(
            "@Lab "
                + request.where()
                + " skipped: the "
                + request.provider()
                + " preflight refused the lab: "
                + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
                + "; fix the account (quota, permissions, region) or the spec to run it");
      }
      throw e;
    }
    AutoCloseable keeper = heartbeat ? engine.keepLease(labId, lease, lease.dividedBy(4)) : null;
    return new LabHandle(engine, provider(request), request.settings(), labId, keeper, heartbeat);
  }

  /** The provider the engine uses for {@code request}'s labs (the same instance). */
  private LabProvider provider(LabRequest request) {
    ProviderSettings settings = request.settings();
    return providers.computeIfAbsent(
        request.provider() + " " + new TreeMap<>(settings.asMap()),
        k -> ProviderResolver.serviceLoader().open(request.provider(), settings));
  }

  private static LabSpec load(LabRequest request) {
    String name = request.spec();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    String resource = name.startsWith("/") ? name.substring(1) : name;
    try (InputStream in = loader == null ? null : loader.getResourceAsStream(resource)) {
      if (in != null) {
        return LabSpecs.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("@Lab " + request.where() + ": cannot read " + name, e);
    }
    Path file = Path.of(name);
    if (Files.isRegularFile(file)) {
      return LabSpecs.read(file);
    }
    throw new ExtensionConfigurationException(
        "@Lab "
            + request.where()
            + ": spec '"
            + name
            + "' is neither a class-path resource nor a file under "
            + Path.of("").toAbsolutePath()
            + "; put it in src/test/resources or give a path");
  }

  private static PlanOption cheapest(LabSpec spec, LabRequest request, Optional<String> region) {
    String provider = request.provider();
    PlacementSpec p = spec.placement();
    LabSpec placed = spec;
    if (!p.providers().isEmpty() && !p.providers().contains(provider)) {
      placed =
          spec.toBuilder()
              .placement(
                  new PlacementSpec(
                      List.of(provider), List.of(), p.kind(), p.market(), p.maxHourlyUsd()))
              .build();
    }
    CatalogSource source =
        "fake".equals(provider) ? FakeCatalog.source() : CatalogSource.embedded(provider);
    PlanOptions options = PlanOptions.defaults().withProviders(List.of(provider));
    if (region.isPresent()) {
      options = options.withRegions(List.of(region.get()));
    }
    Plan plan = Planner.plan(placed, Catalog.from(List.of(source)), options);
    return plan.best()
        .orElseThrow(
            () ->
                new NoFittingInstanceException(
                    "@Lab "
                        + request.where()
                        + ": no "
                        + provider
                        + " option can carry lab "
                        + spec.name()
                        + "; run 'nestlab plan' on the spec to see why"));
  }

  private static String hash(LabSpec spec, LabRequest request) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(LabSpecs.write(spec, SpecFormat.JSON).getBytes(StandardCharsets.UTF_8));
      sha.update(
          (request.provider() + " " + new TreeMap<>(request.settings().asMap()))
              .getBytes(StandardCharsets.UTF_8));
      if (request.blueprint() != null) {
        sha.update((" blueprint " + request.blueprint()).getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static Duration duration(
      Function<String, Optional<String>> config, String key, Duration fallback) {
    Optional<String> text = config.apply(key);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      return Duration.parse(text.get());
    } catch (RuntimeException e) {
      throw new ExtensionConfigurationException(
          key + ": '" + text.get() + "' is not an ISO-8601 duration; write it as PT10M", e);
    }
  }

  /**
   * Destroys the labs shared by the run; reused labs stay (their lease is their TTL). Nothing else
   * outlives the run.
   */
  @Override
  public void close() {
    reused.clear();
    RuntimeException failure = null;
    for (LabHandle h : sharedByRun.values()) {
      try {
        h.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    sharedByRun.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
