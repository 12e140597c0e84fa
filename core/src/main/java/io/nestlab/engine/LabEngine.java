package io.nestlab.engine;

import io.nestlab.InvalidSpecException;
import io.nestlab.NestLab;
import io.nestlab.NestLabException;
import io.nestlab.NestLabTimeoutException;
import io.nestlab.PartialFailureException;
import io.nestlab.ProviderException;
import io.nestlab.access.HostAccess;
import io.nestlab.access.HostKeyFingerprints;
import io.nestlab.access.LabAccess;
import io.nestlab.access.Secret;
import io.nestlab.access.SshConnection;
import io.nestlab.access.SshKeyPair;
import io.nestlab.bootstrap.PackedUserData;
import io.nestlab.bootstrap.ProgressLine;
import io.nestlab.bootstrap.ProgressStatus;
import io.nestlab.cost.BillingRules;
import io.nestlab.cost.BudgetGuard;
import io.nestlab.cost.CostMeter;
import io.nestlab.cost.CostReport;
import io.nestlab.cost.GuardDecision;
import io.nestlab.cost.MeterState;
import io.nestlab.cost.Money;
import io.nestlab.cost.Transition;
import io.nestlab.cost.TtlGuard;
import io.nestlab.engine.internal.MediaUrls;
import io.nestlab.engine.internal.PlanRates;
import io.nestlab.engine.internal.Retrier;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.BudgetAction;
import io.nestlab.spec.LabSpec;
import io.nestlab.spi.ConsoleOutput;
import io.nestlab.spi.HostInfo;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.HostState;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.NetworkRequest;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.PreflightReport;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.spi.ResourceKind;
import io.nestlab.spi.TagFilter;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.JournalEntry.Phase;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabSecrets;
import io.nestlab.state.LabStateException;
import io.nestlab.state.LabStatus;
import io.nestlab.state.LabStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Creates, resumes, stops, starts and destroys labs, one journaled step at a time, so the
 * controlling process may die at any moment: {@link #resume} continues a creation from its last
 * step (re-using each step's idempotency key) and {@link #destroy} works from any point, finding
 * resources by their tags. Also meters cost, applies budget and TTL guards, renews leases and
 * sweeps expired resources.
 *
 * <p>Every operation takes the lab's lock for its duration; a second process gets a clear {@link
 * io.nestlab.state.LabLockedException}.
 */
public final class LabEngine {
  /** Journal steps, in creation order. */
  public static final String CREATE = "create";

  public static final String KEYS = "keys";
  public static final String PREFLIGHT = "preflight";
  public static final String NETWORK = "network";
  public static final String HOST = "host";
  public static final String RUNNING = "running";
  public static final String BOOTSTRAP = "bootstrap";

  /**
   * The step that copies to the host, over SSH, the files its user data had no room for (AWS's 16
   * KB); the host waits for them before its vCenter phases.
   */
  public static final String DELIVER = "deliver-files";

  public static final String STOP = "stop";
  public static final String START = "start";
  public static final String DESTROY = "destroy";

  /** The secret holding the lab's SSH private key. */
  public static final String SSH_PRIVATE_KEY = "ssh-private-key";

  /** The step that verifies the host key and fetches the lab's credentials over SSH. */
  public static final String ACCESS = "access";

  /**
   * The step that fetches the lab's credentials, and their name in the lab's secrets (fetched from
   * the host when ready).
   */
  public static final String CREDENTIALS = "lab-credentials";

  /** In the {@link #ACCESS} step's data: where the credentials are on the host. */
  public static final String CREDENTIALS_PATH = "credentialsPath";

  private static final Duration SSH_TIMEOUT = Duration.ofMinutes(2);

  /** The shortest life worth creating a lab for; a budget that buys less is refused up front. */
  private static final Duration MIN_LIFE = Duration.ofMinutes(15);

  /** Where a deferred file waits in the lab's secrets until it is delivered, by host path. */
  private static final String DEFERRED_PREFIX = "deferred-file:";

  /**
   * How long a signed media URL lives: the host downloads its media in its first hour or so; a
   * longer life would only widen the exposure of a URL that sits in the user data.
   */
  static final Duration MEDIA_URL_LIFETIME = Duration.ofHours(6);

  private static final String SETTING_SECRET_PREFIX = LabSecrets.PROVIDER_SETTING_PREFIX;
  private static final System.Logger LOG = System.getLogger(LabEngine.class.getName());

  private final LabStore store;
  private final ProviderResolver resolver;
  private final UserDataRenderer renderer;
  private final LabKeySource keys;
  private final Clock clock;
  private final Sleeper sleeper;
  private final List<LabListener> listeners;
  private final Set<LabListener> failedListeners =
      java.util.Collections.newSetFromMap(new java.util.concurrent.ConcurrentHashMap<>());
  private final String owner;
  private final String credentialsPath;
  private final Duration pollInterval;
  private final Duration stateTimeout;
  private final Duration bootstrapTimeout;
  private final Duration destroyTimeout;
  private final Duration guardLookahead;
  private final int maxAttempts;

  private LabEngine(Builder b) {
    this.store = b.store;
    this.resolver = b.resolver;
    this.renderer = b.renderer;
    this.keys = b.keys;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
    this.owner = b.owner;
    this.credentialsPath = b.credentialsPath;
    this.pollInterval = b.pollInterval;
    this.stateTimeout = b.stateTimeout;
    this.bootstrapTimeout = b.bootstrapTimeout;
    this.destroyTimeout = b.destroyTimeout;
    this.guardLookahead = b.guardLookahead;
    this.maxAttempts = b.maxAttempts;
  }

  public static Builder builder(LabStore store) {
    return new Builder(store);
  }

  public LabStore store() {
    return store;
  }

  public void addListener(LabListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** A lab id from a lab name: the name plus a random suffix, valid as a tag value. */
  public static String newLabId(String name) {
    String base = LabTags.sanitize(name == null || name.isBlank() ? "lab" : name).replace('_', '-');
    base = base.replaceAll("^-+", "");
    if (base.isEmpty()) {
      base = "lab";
    }
    if (base.length() > 50) {
      base = base.substring(0, 50);
    }
    String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    SecureRandom random = new SecureRandom();
    StringBuilder suffix = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      suffix.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return base + "-" + suffix;
  }

  /** The idempotency key of a lab's step: a name-based UUID both clouds accept. */
  public static String idempotencyKey(String labId, String step) {
    return UUID.nameUUIDFromBytes((labId + "/" + step).getBytes(StandardCharsets.UTF_8)).toString();
  }

  // ------------------------------------------------------------------------------------ create

  /**
   * Creates a lab: keys, preflight, network, L1 host, running, bootstrap, ready; each step
   * journaled before and after. On failure, with {@link CreateRequest#cleanupOnFailure()}, deletes
   * whatever was created; either way the {@link PartialFailureException} names what was created.
   */
  public LabRecord create(CreateRequest request) {
    String labId = request.labId() != null ? request.labId() : newLabId(request.spec().name());
    // Settings a provider refuses are refused here, before the lab has any state to clean up.
    resolver.open(request.option().provider(), request.settings()).close();
    Instant start = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Instant hardEnd = hardEnd(request.spec(), request.option(), start);
    if (hardEnd.isBefore(start.plus(MIN_LIFE))
        && hardEnd.isBefore(start.plus(ttlOf(request.spec())))) {
      throw new InvalidSpecException(
          "policy.budgetUsd",
          List.of(
              io.nestlab.Problem.of(
                  "policy.budgetUsd",
                  "$"
                      + request.spec().policy().budgetUsd().toPlainString()
                      + " lasts less than "
                      + (MIN_LIFE.plus(guardLookahead).toMinutes())
                      + " minutes at "
                      + request.option().hourly()
                      + "/h of "
                      + request.option().instanceType()
                      + "; raise the budget or choose a cheaper option")));
    }
    if (store.find(labId).isPresent()) {
      throw new LabStateException(
          "lab '" + labId + "' already exists in " + store.location() + "; choose another id");
    }
    try (LabStore.LabLock lock = store.lock(labId)) {
      // Tags keep whole seconds; so does the record, so both say the same.
      Instant now = start;
      Instant leaseUntil = hardEnd;
      if (request.heartbeat() != null && now.plus(request.heartbeat()).isBefore(leaseUntil)) {
        leaseUntil = now.plus(request.heartbeat());
      }
      PlanOption option = request.option();
      Map<String, String> plain = new LinkedHashMap<>();
      LabSecrets secrets = LabSecrets.empty();
      for (Map.Entry<String, String> e : request.settings().asMap().entrySet()) {
        if (ProviderSettings.isSecret(e.getKey())) {
          secrets = secrets.with(SETTING_SECRET_PREFIX + e.getKey(), e.getValue());
        } else {
          plain.put(e.getKey(), e.getValue());
        }
      }
      Run run =
          new Run(
              lock,
              LabRecord.builder(labId, option.provider())
                  .name(request.spec().name())
                  .owner(owner)
                  .providerSettings(plain)
                  .region(option.region())
                  .created(now)
                  .leaseUntil(leaseUntil)
                  .status(LabStatus.CREATING)
                  .plan(option)
                  .spec(request.spec())
                  .build());
      store.saveSecrets(labId, secrets);
      run.begin(CREATE, Map.of("provider", option.provider(), "type", option.instanceType()));
      return drive(run, request.settings(), request.waitLevel(), request.cleanupOnFailure());
    }
  }

  /**
   * Continues a lab after a crash: a creation goes on from its last journaled step (re-using the
   * steps' idempotency keys, so nothing is made twice); an interrupted destroy finishes. A lab that
   * is ready, stopped or destroyed is returned as it is.
   */
  public LabRecord resume(String labId, ProviderSettings overrides, WaitLevel wait) {
    try (LabStore.LabLock lock = store.lock(labId)) {
      Run run = new Run(lock, store.load(labId));
      switch (run.rec.status()) {
        case CREATING, FAILED -> {
          return drive(run, settingsOf(run.rec, overrides), wait, true);
        }
        case DESTROYING -> {
          try (LabProvider provider = open(run.rec, overrides)) {
            destroyWith(run, provider);
          }
          return run.rec;
        }
        default -> {
          return run.rec;
        }
      }
    }
  }

  private LabRecord drive(Run run, ProviderSettings settings, WaitLevel wait, boolean cleanup) {
    try (LabProvider provider = resolver.open(run.rec.provider(), settings)) {
      Retrier retry = retrier(stateTimeout);
      try {
        String publicKey = ensureKeys(run);
        PlanOption option = run.rec.plan();
        String labId = run.rec.labId();
        Map<String, String> tags = tags(run.rec);
        if (!run.rec.ended(PREFLIGHT)) {
          run.begin(PREFLIGHT, Map.of());
          HostRequest probe = hostRequest(run, null, publicKey, userData(run, provider, publicKey));
          PreflightReport report = retry.call(() -> provider.preflight(probe));
          if (!report.ok()) {
            List<String> failed =
                report.checks().stream()
                    .filter(c -> c.status() == PreflightReport.Status.FAIL)
                    .map(c -> c.name() + ": " + c.detail())
                    .toList();
            // The cloud refused (type not offered, quota, permissions): a provider error.
            throw new ProviderException(
                provider.id(),
                null,
                null,
                false,
                false,
                "preflight failed: " + String.join("; ", failed),
                null);
          }
          List<String> warnings =
              new ArrayList<>(
                  report.checks().stream()
                      .filter(c -> c.status() == PreflightReport.Status.WARN)
                      .map(c -> c.name() + ": " + c.detail())
                      .toList());
          warnings.addAll(MediaUrls.foreign(run.rec.spec(), provider.id()));
          run.end(
              PREFLIGHT,
              Map.of(),
              report.checks().size()
                  + " checks passed"
                  + (warnings.isEmpty()
                      ? ""
                      : "; warning: " + String.join("; warning: ", warnings)));
        }
        if (!run.rec.ended(NETWORK)) {
          String key = idempotencyKey(labId, NETWORK);
          run.begin(NETWORK, Map.of("idempotencyKey", key));
          NetworkRef net =
              retry.call(
                  () ->
                      provider.ensureNetwork(
                          new NetworkRequest(labId, option.region(), List.of(), tags, key)));
          run.update(run.rec.toBuilder().network(net));
          run.end(
              NETWORK,
              net.ids(),
              "network "
                  + String.join(
                      ", ",
                      net.ids().values().stream()
                          .filter(v -> !v.equals("true") && !v.equals("false"))
                          .toList()));
        }
        if (!run.rec.ended(HOST)) {
          String key = idempotencyKey(labId, HOST);
          run.begin(HOST, Map.of("idempotencyKey", key));
          Instant launchedAt = run.rec.lastOf(HOST).orElseThrow().at();
          PackedUserData userData = userData(run, provider, publicKey);
          keepDeferred(run.rec.labId(), userData);
          HostRequest launch = hostRequest(run, run.rec.network(), publicKey, userData);
          HostRef host = retry.call(() -> provider.launchHost(launch));
          run.update(
              run.rec.toBuilder()
                  .host(host)
                  .transition(new Transition(launchedAt, MeterState.RUNNING)));
          run.end(
              HOST,
              Map.of("id", host.id()),
              "host " + host.id() + " (" + option.instanceType() + ")");
        }
        if (wait == WaitLevel.NONE) {
          remindOfDeliveries(run);
          return run.rec;
        }
        if (!run.rec.ended(RUNNING)) {
          run.begin(RUNNING, Map.of());
          HostInfo info =
              awaitState(provider, run.rec.host(), EnumSet.of(HostState.RUNNING), stateTimeout);
          run.update(run.rec.toBuilder().publicIp(info.publicIp()));
          run.end(
              RUNNING,
              Map.of(),
              "host running" + (info.publicIp() == null ? "" : " at " + info.publicIp()));
        }
        if (wait == WaitLevel.INFRASTRUCTURE) {
          remindOfDeliveries(run);
          return run.rec;
        }
        if (!run.rec.ended(DELIVER) && !deferredFiles(labId).isEmpty()) {
          deliverFiles(run, provider);
        }
        if (!run.rec.ended(BOOTSTRAP)) {
          run.begin(BOOTSTRAP, Map.of());
          followBootstrap(run, provider);
          run.end(BOOTSTRAP, Map.of(), "bootstrap reported ready");
        }
        String accessProblem = run.rec.ended(CREDENTIALS) ? null : reachHost(run, provider);
        run.update(run.rec.toBuilder().status(LabStatus.READY).lastError(accessProblem));
        run.end(CREATE, Map.of(), "lab ready");
        return run.rec;
      } catch (RuntimeException e) {
        throw failCreate(run, provider, e, cleanup);
      }
    }
  }

  /**
   * Verifies the host's SSH key against its console and fetches the lab's credentials into its
   * secrets. A failure here leaves the lab ready (it runs; only the copy of its credentials is
   * missing) and is returned as the lab's last error; {@code nestlab creds} fetches them later.
   */
  private String reachHost(Run run, LabProvider provider) {
    String labId = run.rec.labId();
    run.begin(ACCESS, Map.of());
    var target = LabAccess.targetOf(provider, run.rec.publicIp());
    if (target.isEmpty()) {
      run.end(ACCESS, Map.of(), "no SSH to " + provider.id() + " hosts; credentials stay there");
      return null;
    }
    HostAccess access;
    SshConnection ssh;
    try {
      access = hostAccess(run, provider, target.get());
      ssh = access.open(labKey(labId), SSH_TIMEOUT);
    } catch (RuntimeException e) {
      run.fail(ACCESS, e);
      return "no SSH access: " + safeMessage(e);
    }
    try (ssh) {
      String remoteCreds = credentialsPath != null ? credentialsPath : provider.credentialsPath();
      Map<String, String> data = new LinkedHashMap<>(access.toMap());
      data.put(CREDENTIALS_PATH, remoteCreds);
      run.end(ACCESS, data, "host key " + ssh.hostKeyFingerprint() + " verified");
      run.begin(CREDENTIALS, Map.of());
      Secret creds = ssh.readFile(remoteCreds, SSH_TIMEOUT);
      store.saveSecrets(labId, store.secrets(labId).with(CREDENTIALS, creds.reveal()));
      run.end(CREDENTIALS, Map.of(), "credentials stored in the lab's secrets");
      return null;
    } catch (RuntimeException e) {
      run.fail(CREDENTIALS, e);
      return "credentials not fetched: "
          + safeMessage(e)
          + "; 'nestlab creds "
          + labId
          + "' retries";
    }
  }

  private HostAccess hostAccess(Run run, LabProvider provider, io.nestlab.access.SshTarget target) {
    HostKeyFingerprints keys =
        LabAccess.awaitHostKeys(provider, run.rec.host(), stateTimeout, pollInterval);
    return new HostAccess(target, keys);
  }

  private SshKeyPair labKey(String labId) {
    return SshKeyPair.parse(
        Secret.of(
            store
                .secrets(labId)
                .get(SSH_PRIVATE_KEY)
                .orElseThrow(() -> new LabStateException("lab " + labId + " lost its key"))),
        "nestlab-" + labId);
  }

  /**
   * Copies the files the user data had no room for to the host, as root, once its SSH key is
   * verified against its console; then forgets them. A failure fails the creation: without them the
   * host cannot deploy vCenter.
   */
  private void deliverFiles(Run run, LabProvider provider) {
    String labId = run.rec.labId();
    Map<String, String> files = deferredFiles(labId);
    run.begin(DELIVER, Map.of("files", String.valueOf(files.size())));
    var target = LabAccess.targetOf(provider, run.rec.publicIp());
    if (target.isEmpty()) {
      throw new NestLabException(
          "lab "
              + labId
              + " needs "
              + files.size()
              + " files copied to its host over SSH, but "
              + provider.id()
              + " hosts cannot be reached over SSH");
    }
    try (SshConnection ssh =
        hostAccess(run, provider, target.get()).open(labKey(labId), SSH_TIMEOUT)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        ssh.writeFile(
            f.getKey(), f.getValue().getBytes(StandardCharsets.UTF_8), "0755", SSH_TIMEOUT);
      }
    } catch (RuntimeException e) {
      throw new NestLabException(
          "copying "
              + files.size()
              + " vCenter files to the host of lab "
              + labId
              + " failed: "
              + safeMessage(e),
          e); // what can be done next depends on the cleanup: failCreate says it (issue #21)
    }
    Map<String, String> kept = new LinkedHashMap<>(store.secrets(labId).asMap());
    kept.keySet().removeIf(k -> k.startsWith(DEFERRED_PREFIX));
    store.saveSecrets(labId, LabSecrets.of(kept));
    run.end(DELIVER, Map.of(), files.size() + " files copied to the host");
  }

  private void remindOfDeliveries(Run run) {
    int n = deferredFiles(run.rec.labId()).size();
    if (n > 0 && !run.rec.ended(DELIVER)) {
      run.info(
          DELIVER,
          n
              + " vCenter files wait to be copied to the host over SSH; 'nestlab resume "
              + run.rec.labId()
              + "' copies them and follows the bootstrap (the host waits 3 hours for them)");
    }
  }

  /** Keeps the files a launch's user data left out, with the lab's secrets (0600). */
  private void keepDeferred(String labId, PackedUserData userData) {
    Map<String, String> values = new LinkedHashMap<>(store.secrets(labId).asMap());
    values.keySet().removeIf(k -> k.startsWith(DEFERRED_PREFIX));
    userData
        .deferredFiles()
        .forEach((path, content) -> values.put(DEFERRED_PREFIX + path, content));
    store.saveSecrets(labId, LabSecrets.of(values));
  }

  private Map<String, String> deferredFiles(String labId) {
    Map<String, String> files = new java.util.TreeMap<>();
    store
        .secrets(labId)
        .asMap()
        .forEach(
            (k, v) -> {
              if (k.startsWith(DEFERRED_PREFIX)) {
                files.put(k.substring(DEFERRED_PREFIX.length()), v);
              }
            });
    return files;
  }

  private RuntimeException failCreate(
      Run run, LabProvider provider, RuntimeException e, boolean cleanup) {
    String step = run.current != null ? run.current : CREATE;
    String why = safeMessage(e);
    run.fail(step, e);
    List<String> created = new ArrayList<>();
    try {
      for (OwnedResource r :
          retrier(stateTimeout).call(() -> provider.listOwned(TagFilter.lab(run.rec.labId())))) {
        created.add(r.describe());
      }
    } catch (RuntimeException listing) {
      created.add("(could not list: " + safeMessage(listing) + ")");
    }
    run.update(run.rec.toBuilder().status(LabStatus.FAILED).lastError(why));
    if (!cleanup || created.isEmpty()) {
      if (created.isEmpty() && cleanup) {
        run.update(
            run.rec.toBuilder().status(LabStatus.DESTROYED).transition(goneIfBilled(run.rec)));
      }
      String advice =
          created.isEmpty() ? "" : "; run 'nestlab down " + run.rec.labId() + "' to delete them";
      return new PartialFailureException(
          "creating lab " + run.rec.labId() + " failed at step " + step + ": " + why + advice,
          created,
          e);
    }
    try {
      destroyWith(run, provider);
    } catch (RuntimeException cleanupFailure) {
      return new PartialFailureException(
          "creating lab "
              + run.rec.labId()
              + " failed at step "
              + step
              + ": "
              + why
              + "; cleaning up failed too ("
              + safeMessage(cleanupFailure)
              + "); run 'nestlab down "
              + run.rec.labId()
              + "' to delete what is left",
          created,
          e);
    }
    return new PartialFailureException(
        "creating lab "
            + run.rec.labId()
            + " failed at step "
            + step
            + ": "
            + why
            + "; everything created was deleted again",
        created,
        e);
  }

  private Transition goneIfBilled(LabRecord rec) {
    return new Transition(clock.instant(), MeterState.GONE);
  }

  private String ensureKeys(Run run) {
    if (run.rec.ended(KEYS)) {
      String pub = run.rec.lastOf(KEYS).orElseThrow().data().get("publicKey");
      if (pub != null && store.secrets(run.rec.labId()).get(SSH_PRIVATE_KEY).isPresent()) {
        return pub;
      }
    }
    run.begin(KEYS, Map.of());
    LabKey key = keys.create(run.rec.labId());
    store.saveSecrets(
        run.rec.labId(), store.secrets(run.rec.labId()).with(SSH_PRIVATE_KEY, key.privateKey()));
    run.end(KEYS, Map.of("publicKey", key.publicKey()), "SSH key pair made");
    return key.publicKey();
  }

  /**
   * Renders the host's user data, with media URLs the host can fetch without credentials of its own
   * (a provider signs its storage's URLs).
   */
  private PackedUserData userData(Run run, LabProvider provider, String publicKey) {
    LabRecord rec = run.rec;
    LabSpec spec =
        MediaUrls.resolve(
            rec.spec(),
            url -> provider.mediaUrl(java.net.URI.create(url), MEDIA_URL_LIFETIME).toString());
    try {
      return renderer.render(
          new UserDataRequest(rec.labId(), spec, rec.plan(), publicKey, tags(rec)));
    } catch (RuntimeException e) {
      if (spec.equals(rec.spec())) {
        throw e;
      }
      // The message would quote signed URLs (capabilities): report the original spec's problem,
      // or else say what was refused without the URLs.
      renderer.render(
          new UserDataRequest(rec.labId(), rec.spec(), rec.plan(), publicKey, tags(rec)));
      throw new NestLabException(
          "the media URLs "
              + provider.id()
              + " signed for the host were refused by the bootstrap renderer ("
              + e.getClass().getSimpleName()
              + "); give the media as https:// URLs instead");
    }
  }

  private HostRequest hostRequest(
      Run run, NetworkRef network, String publicKey, PackedUserData userData) {
    LabRecord rec = run.rec;
    PlanOption o = rec.plan();
    Map<String, String> tags = tags(rec);
    // The cloud-side backstop is the lab's hard end (TTL, or a destroying budget), not a
    // (possibly short, renewed) heartbeat lease.
    Duration maxRun = Duration.between(rec.created(), hardEnd(rec.spec(), o, rec.created()));
    return new HostRequest(
        rec.labId(),
        o.region(),
        null,
        o.instanceType(),
        o.market(),
        o.nestedVirtualization(),
        o.bootDiskGib(),
        o.dataDiskGib(),
        userData.bytes(),
        publicKey,
        tags,
        network,
        maxRun.isNegative() ? null : maxRun,
        idempotencyKey(rec.labId(), HOST));
  }

  private Map<String, String> tags(LabRecord rec) {
    return new LabTags(
            rec.labId(),
            rec.owner() == null ? "unknown" : rec.owner(),
            rec.created(),
            rec.leaseUntil(),
            NestLab.version())
        .toMap();
  }

  private void followBootstrap(Run run, LabProvider provider) {
    Retrier retry = retrier(stateTimeout);
    Instant deadline = clock.instant().plus(bootstrapTimeout);
    long offset = 0;
    StringBuilder partial = new StringBuilder();
    String last = run.rec.lastPhase();
    int polls = 0;
    while (true) {
      long from = offset;
      ConsoleOutput out = retry.call(() -> provider.readConsole(run.rec.host(), from));
      offset = out.nextOffset();
      partial.append(out.text());
      int nl;
      while ((nl = partial.indexOf("\n")) >= 0) {
        String line = partial.substring(0, nl);
        partial.delete(0, nl + 1);
        var progress = ProgressLine.tryParse(line);
        if (progress.isEmpty()) {
          continue;
        }
        ProgressLine p = progress.get();
        if (p.status() == ProgressStatus.FAILED) {
          throw new NestLabException(
              "the bootstrap of lab "
                  + run.rec.labId()
                  + " failed in phase "
                  + describe(p)
                  + " at "
                  + p.time()
                  + "; the serial console of host "
                  + run.rec.host().id()
                  + " has the details");
        }
        if (!describe(p).equals(last)) {
          last = describe(p);
          run.update(run.rec.toBuilder().lastPhase(last).consoleOffset(offset));
          run.info(BOOTSTRAP, last);
        }
        if (p.isReady()) {
          return;
        }
      }
      if (clock.instant().isAfter(deadline)) {
        throw new NestLabTimeoutException(
            "lab "
                + run.rec.labId()
                + " to report phase=ready on its console (last progress: "
                + (last == null ? "none" : last)
                + ")",
            bootstrapTimeout);
      }
      if (++polls % 10 == 0) {
        HostState s = retry.call(() -> provider.describeHost(run.rec.host())).state();
        if (s != HostState.RUNNING) {
          throw new NestLabException(
              "host "
                  + run.rec.host().id()
                  + " of lab "
                  + run.rec.labId()
                  + " is "
                  + s
                  + " during its bootstrap");
        }
      }
      sleeper.sleep(pollInterval);
    }
  }

  // ----------------------------------------------------------------------------------- destroy

  /**
   * Destroys a lab from whatever point it reached: terminates its host, deletes every resource
   * carrying its tag in deletion order, and returns only when listing by tag finds nothing (bounded
   * by the destroy timeout; the error names what is still there). Idempotent.
   */
  public LabRecord destroy(String labId, ProviderSettings overrides) {
    try (LabStore.LabLock lock = store.lock(labId)) {
      Run run = new Run(lock, store.load(labId));
      if (neverReachedTheCloud(run.rec)) {
        // Nothing can exist: the journal writes each cloud step's begin before its first call.
        run.begin(DESTROY, Map.of());
        run.update(run.rec.toBuilder().status(LabStatus.DESTROYED));
        run.end(DESTROY, Map.of(), "nothing was created in the cloud");
        return run.rec;
      }
      try (LabProvider provider = open(run.rec, overrides)) {
        destroyWith(run, provider);
      }
      return run.rec;
    }
  }

  private static boolean neverReachedTheCloud(LabRecord rec) {
    return rec.lastOf(CREATE).isPresent() // made by create(), not a record of a lab found by tags
        && rec.host() == null
        && rec.network() == null
        && rec.lastOf(NETWORK).isEmpty()
        && rec.lastOf(HOST).isEmpty()
        && rec.status() != LabStatus.DESTROYED;
  }

  private void destroyWith(Run run, LabProvider provider) {
    String labId = run.rec.labId();
    run.update(run.rec.toBuilder().status(LabStatus.DESTROYING));
    run.begin(DESTROY, Map.of());
    Retrier retry = retrier(destroyTimeout);
    Instant deadline = clock.instant().plus(destroyTimeout);
    try {
      if (run.rec.host() != null) {
        HostRef host = run.rec.host();
        retry.run(() -> provider.terminateHost(host));
      }
      int deleted = 0;
      while (true) {
        List<OwnedResource> left = retry.call(() -> provider.listOwned(TagFilter.lab(labId)));
        if (run.rec.transitions().isEmpty()
            && left.stream().anyMatch(r -> r.kind() == ResourceKind.INSTANCE)) {
          // Launched, but the crash came before the journal said so: bill from the launch request.
          Instant at = run.rec.lastOf(HOST).map(e -> e.at()).orElse(clock.instant());
          run.update(run.rec.toBuilder().transition(new Transition(at, MeterState.RUNNING)));
        }
        if (left.isEmpty()) {
          break;
        }
        if (clock.instant().isAfter(deadline)) {
          throw new NestLabTimeoutException(
              "lab "
                  + labId
                  + " to be deleted; still there: "
                  + String.join(", ", left.stream().map(OwnedResource::describe).toList())
                  + "; run 'nestlab down "
                  + labId
                  + "' again, or delete them in the "
                  + provider.id()
                  + " console",
              destroyTimeout);
        }
        for (OwnedResource r : left) {
          try {
            provider.delete(r);
            deleted++;
          } catch (ProviderException e) {
            if (!e.retryable()) {
              throw e;
            }
            // a dependant is still going away, or throttled: the next round tries again
          }
        }
        sleeper.sleep(pollInterval);
      }
      LabRecord.Builder b = run.rec.toBuilder().status(LabStatus.DESTROYED).publicIp(null);
      if (!run.rec.transitions().isEmpty()) {
        b.transition(new Transition(clock.instant(), MeterState.GONE));
      }
      run.update(b);
      run.end(DESTROY, Map.of("deleteCalls", String.valueOf(deleted)), "everything deleted");
    } catch (RuntimeException e) {
      run.fail(DESTROY, e);
      run.update(run.rec.toBuilder().lastError(safeMessage(e)));
      throw e;
    }
  }

  // ---------------------------------------------------------------------------- stop and start

  /** Stops the lab's host; disks keep costing. Idempotent. */
  public LabRecord stop(String labId, ProviderSettings overrides) {
    try (LabStore.LabLock lock = store.lock(labId)) {
      Run run = new Run(lock, store.load(labId));
      requireHost(run.rec, "stop");
      if (run.rec.status() == LabStatus.STOPPED) {
        return run.rec;
      }
      try (LabProvider provider = open(run.rec, overrides)) {
        run.update(run.rec.toBuilder().status(LabStatus.STOPPING));
        run.begin(STOP, Map.of());
        try {
          retrier(stateTimeout).run(() -> provider.stopHost(run.rec.host()));
          awaitState(provider, run.rec.host(), EnumSet.of(HostState.STOPPED), stateTimeout);
        } catch (RuntimeException e) {
          run.fail(STOP, e);
          throw e;
        }
        run.update(
            run.rec.toBuilder()
                .status(LabStatus.STOPPED)
                .publicIp(null)
                .transition(new Transition(clock.instant(), MeterState.STOPPED)));
        run.end(STOP, Map.of(), "host stopped; disks keep costing");
        return run.rec;
      }
    }
  }

  /** Starts the lab's stopped host again and waits until it runs. Idempotent. */
  public LabRecord start(String labId, ProviderSettings overrides) {
    try (LabStore.LabLock lock = store.lock(labId)) {
      Run run = new Run(lock, store.load(labId));
      requireHost(run.rec, "start");
      if (run.rec.status() == LabStatus.READY) {
        return run.rec;
      }
      try (LabProvider provider = open(run.rec, overrides)) {
        run.update(run.rec.toBuilder().status(LabStatus.STARTING));
        run.begin(START, Map.of());
        HostInfo info;
        try {
          Instant at = clock.instant();
          retrier(stateTimeout).run(() -> provider.startHost(run.rec.host()));
          run.update(run.rec.toBuilder().transition(new Transition(at, MeterState.RUNNING)));
          info = awaitState(provider, run.rec.host(), EnumSet.of(HostState.RUNNING), stateTimeout);
        } catch (RuntimeException e) {
          run.fail(START, e);
          throw e;
        }
        run.update(run.rec.toBuilder().status(LabStatus.READY).publicIp(info.publicIp()));
        run.end(START, Map.of(), "host running");
        return run.rec;
      }
    }
  }

  private static void requireHost(LabRecord rec, String what) {
    Set<LabStatus> ok =
        EnumSet.of(LabStatus.READY, LabStatus.STOPPED, LabStatus.STOPPING, LabStatus.STARTING);
    if (rec.host() == null || !ok.contains(rec.status())) {
      throw new LabStateException(
          "cannot "
              + what
              + " lab "
              + rec.labId()
              + ": it is "
              + rec.status().name().toLowerCase(Locale.ROOT)
              + (rec.status() == LabStatus.CREATING
                  ? "; 'nestlab resume "
                      + rec.labId()
                      + "' waits until it is ready, 'nestlab down "
                      + rec.labId()
                      + "' deletes it"
                  : ""));
    }
  }

  // ---------------------------------------------------------------------- status, cost, guards

  /** The lab's cost from its recorded transitions, now. Touches no cloud. */
  public CostReport cost(LabRecord rec) {
    return meter(rec).report(clock.instant());
  }

  /** The lab's cost meter. */
  public CostMeter meter(LabRecord rec) {
    return CostMeter.of(
        BillingRules.forProvider(rec.provider()), PlanRates.of(rec.plan()), rec.transitions());
  }

  /**
   * The lab as it is now: asks the provider about its host (recording a state the cloud changed on
   * its own, such as a dead-man stop), follows a creation's bootstrap progress without waiting,
   * computes cost and guard decisions, and, when {@code enforce} is set, applies them: the budget's
   * {@code onBudget} action before the budget is crossed, destruction at the end of the lease.
   */
  public LabView status(String labId, ProviderSettings overrides, boolean enforce) {
    LabRecord rec = store.load(labId);
    if (rec.status() == LabStatus.DESTROYED) {
      return view(rec, null, null);
    }
    HostInfo info = null;
    try (LabStore.LabLock lock = store.lock(labId)) {
      Run run = new Run(lock, store.load(labId));
      if (run.rec.host() != null) {
        try (LabProvider provider = open(run.rec, overrides)) {
          info = retrier(stateTimeout).call(() -> provider.describeHost(run.rec.host()));
          reconcile(run, info);
          if (run.rec.status() == LabStatus.CREATING && info.state() == HostState.RUNNING) {
            peekBootstrap(run, provider);
            remindOfDeliveries(run);
          }
        }
      }
      rec = run.rec;
    } catch (io.nestlab.state.LabLockedException busy) {
      // Another process drives the lab: show what is recorded, change nothing.
      return view(store.load(labId), null, null);
    }
    LabView v = view(rec, info, null);
    if (!enforce) {
      return v;
    }
    if (v.ttl().isAct()) {
      destroy(labId, overrides);
      return view(store.load(labId), null, "destroyed: " + v.ttl().message());
    }
    if (v.budget().isAct()) {
      BudgetAction action = rec.spec().policy().onBudget();
      if (action == BudgetAction.DESTROY) {
        destroy(labId, overrides);
        return view(store.load(labId), null, "destroyed: " + v.budget().message());
      }
      stop(labId, overrides);
      return view(store.load(labId), null, "stopped: " + v.budget().message());
    }
    return v;
  }

  private LabView view(LabRecord rec, HostInfo info, String action) {
    CostMeter meter = meter(rec);
    Instant now = clock.instant();
    GuardDecision budget =
        rec.spec() == null || rec.spec().policy().budgetUsd() == null
            ? GuardDecision.ok("no budget set")
            : new BudgetGuard(
                    Money.usd(rec.spec().policy().budgetUsd()),
                    rec.spec().policy().onBudget(),
                    guardLookahead)
                .evaluate(meter, now);
    GuardDecision ttl =
        rec.status() == LabStatus.DESTROYED || rec.leaseUntil() == null
            ? GuardDecision.ok("no lease")
            : new TtlGuard(rec.leaseUntil(), Duration.ZERO, Duration.ofMinutes(30)).evaluate(now);
    return new LabView(rec, info, meter.report(now), budget, ttl, action);
  }

  private void reconcile(Run run, HostInfo info) {
    MeterState billed = meter(run.rec).stateAt(clock.instant());
    MeterState actual =
        switch (info.state()) {
          case PENDING, RUNNING -> MeterState.RUNNING;
          case STOPPING, STOPPED -> MeterState.STOPPED;
          case TERMINATING, TERMINATED, NOT_FOUND -> MeterState.GONE;
        };
    if (billed != actual && !run.rec.transitions().isEmpty()) {
      run.update(run.rec.toBuilder().transition(new Transition(clock.instant(), actual)));
      run.info("reconcile", "the cloud reports the host " + info.state() + "; billing follows");
    }
  }

  private void peekBootstrap(Run run, LabProvider provider) {
    ConsoleOutput out = retrier(stateTimeout).call(() -> provider.readConsole(run.rec.host(), 0));
    String last = null;
    boolean ready = false;
    String failed = null;
    for (String line : out.text().split("\n")) {
      var p = ProgressLine.tryParse(line);
      if (p.isPresent()) {
        last = describe(p.get());
        ready |= p.get().isReady();
        if (p.get().status() == ProgressStatus.FAILED) {
          failed = last;
        }
      }
    }
    LabRecord.Builder b = run.rec.toBuilder().consoleOffset(out.nextOffset());
    if (last != null) {
      b.lastPhase(last);
    }
    if (failed != null) {
      b.status(LabStatus.FAILED).lastError("bootstrap failed in phase " + failed);
    }
    run.update(b);
    // A host that still waits for its deferred files cannot really be ready: leave the creation
    // to resume, which copies them.
    if (ready && failed == null && deferredFiles(run.rec.labId()).isEmpty()) {
      if (!run.rec.ended(RUNNING)) {
        run.begin(RUNNING, Map.of());
        run.end(RUNNING, Map.of(), "host running");
      }
      if (!run.rec.ended(BOOTSTRAP)) {
        run.begin(BOOTSTRAP, Map.of());
        run.end(BOOTSTRAP, Map.of(), "bootstrap reported ready");
      }
      run.update(run.rec.toBuilder().status(LabStatus.READY));
      run.end(CREATE, Map.of(), "lab ready");
    }
  }

  // ------------------------------------------------------------------------------------ leases

  /** Moves the lease of every resource of the lab (and the recorded lease) to {@code until}. */
  public LabRecord renewLease(String labId, Instant until, ProviderSettings overrides) {
    try (LabStore.LabLock lock = store.lock(labId)) {
      Run run = new Run(lock, store.load(labId));
      try (LabProvider provider = open(run.rec, overrides)) {
        renewWith(run.rec, provider, until);
      }
      run.update(run.rec.toBuilder().leaseUntil(until));
      run.info("lease", "lease renewed until " + until);
      return run.rec;
    }
  }

  private void renewWith(LabRecord rec, LabProvider provider, Instant until) {
    Retrier retry = retrier(stateTimeout);
    for (OwnedResource r : retry.call(() -> provider.listOwned(TagFilter.lab(rec.labId())))) {
      retry.run(() -> provider.renewLease(r, until));
    }
  }

  /**
   * Renews the lab's lease from this JVM every {@code period}, to {@code window} ahead (never past
   * the lab's TTL), until closed; if this JVM dies, the lease runs out and {@link #sweep} may
   * collect the lab. Renewal failures are logged and retried next period.
   */
  public AutoCloseable keepLease(String labId, Duration window, Duration period) {
    LabRecord rec = store.load(labId);
    Instant ttlEnd = hardEnd(rec.spec(), rec.plan(), rec.created());
    ScheduledExecutorService exec =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "nestlab-lease-" + labId);
              t.setDaemon(true);
              return t;
            });
    exec.scheduleAtFixedRate(
        () -> {
          try {
            Instant until = clock.instant().plus(window);
            renewLease(labId, until.isAfter(ttlEnd) ? ttlEnd : until, ProviderSettings.empty());
          } catch (RuntimeException e) {
            LOG.log(
                System.Logger.Level.WARNING,
                "lease renewal of " + labId + " failed: " + safeMessage(e));
          }
        },
        0,
        period.toMillis(),
        TimeUnit.MILLISECONDS);
    return () -> {
      // Let a renewal in flight finish: interrupting it would interrupt a state write.
      exec.shutdown();
      if (!exec.awaitTermination(10, TimeUnit.SECONDS)) {
        exec.shutdownNow();
      }
    };
  }

  /**
   * Watches the lab from this JVM: every {@code period}, {@link #status} with guards enforced, so
   * the budget's action lands before the budget is crossed and the lab is destroyed at the end of
   * its lease, even when nobody runs a command. Guard warnings and actions arrive as {@code guard}
   * INFO events; failures are logged and tried again next period. Stops when closed or when the lab
   * is destroyed.
   */
  public AutoCloseable watch(String labId, Duration period) {
    store.load(labId); // fail now on an unknown lab
    ScheduledExecutorService exec =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "nestlab-watch-" + labId);
              t.setDaemon(true);
              return t;
            });
    exec.scheduleWithFixedDelay(
        () -> {
          try {
            LabView v = status(labId, ProviderSettings.empty(), true);
            for (GuardDecision d : List.of(v.budget(), v.ttl())) {
              if (d.verdict() != GuardDecision.Verdict.OK) {
                fire(
                    new LabEvent(
                        labId, "guard", LabEvent.Kind.INFO, clock.instant(), d.message(), null));
              }
            }
            if (v.action() != null) {
              fire(
                  new LabEvent(
                      labId, "guard", LabEvent.Kind.INFO, clock.instant(), v.action(), null));
            }
            if (v.record().status() == LabStatus.DESTROYED) {
              exec.shutdown();
            }
          } catch (RuntimeException e) {
            LOG.log(
                System.Logger.Level.WARNING, "watching " + labId + " failed: " + safeMessage(e));
          }
        },
        0,
        period.toMillis(),
        TimeUnit.MILLISECONDS);
    return () -> {
      // Let a renewal in flight finish: interrupting it would interrupt a state write.
      exec.shutdown();
      if (!exec.awaitTermination(30, TimeUnit.SECONDS)) {
        exec.shutdownNow();
      }
    };
  }

  /**
   * Finds every resource of {@code providerId} whose lease tag has passed, from tags alone (no
   * state file), and deletes them (instances first) unless {@code dryRun}. Bounded by the destroy
   * timeout.
   */
  public SweepReport sweep(String providerId, ProviderSettings settings, boolean dryRun) {
    try (LabProvider provider = resolver.open(providerId, settings)) {
      Retrier retry = retrier(destroyTimeout);
      Instant now = clock.instant();
      List<OwnedResource> expired = new ArrayList<>();
      List<OwnedResource> skipped = new ArrayList<>();
      for (OwnedResource r : retry.call(() -> provider.listOwned(TagFilter.anyLab()))) {
        String lease = r.tags().get(LabTags.LEASE_UNTIL);
        Instant until;
        try {
          until = lease == null ? null : LabTags.parseTime(lease);
        } catch (RuntimeException e) {
          until = null;
        }
        if (until == null) {
          skipped.add(r);
        } else if (until.isBefore(now)) {
          expired.add(r);
        }
      }
      if (dryRun || expired.isEmpty()) {
        return new SweepReport(dryRun, expired, List.of(), skipped);
      }
      Set<String> ids = new java.util.HashSet<>();
      expired.forEach(r -> ids.add(r.id()));
      Instant deadline = clock.instant().plus(destroyTimeout);
      while (true) {
        List<OwnedResource> left =
            retry.call(() -> provider.listOwned(TagFilter.anyLab())).stream()
                .filter(r -> ids.contains(r.id()))
                .toList();
        if (left.isEmpty()) {
          break;
        }
        if (clock.instant().isAfter(deadline)) {
          throw new NestLabTimeoutException(
              "expired resources to be deleted; still there: "
                  + String.join(", ", left.stream().map(OwnedResource::describe).toList()),
              destroyTimeout);
        }
        for (OwnedResource r : left) {
          try {
            provider.delete(r);
          } catch (ProviderException e) {
            if (!e.retryable()) {
              throw e;
            }
          }
        }
        sleeper.sleep(pollInterval);
      }
      return new SweepReport(false, expired, expired, skipped);
    }
  }

  // ----------------------------------------------------------------------------------- helpers

  private LabProvider open(LabRecord rec, ProviderSettings overrides) {
    return resolver.open(rec.provider(), settingsOf(rec, overrides));
  }

  private ProviderSettings settingsOf(LabRecord rec, ProviderSettings overrides) {
    Map<String, String> all = new LinkedHashMap<>(rec.providerSettings());
    store
        .secrets(rec.labId())
        .asMap()
        .forEach(
            (k, v) -> {
              if (k.startsWith(SETTING_SECRET_PREFIX)) {
                all.put(k.substring(SETTING_SECRET_PREFIX.length()), v);
              }
            });
    if (overrides != null) {
      all.putAll(overrides.asMap());
    }
    return ProviderSettings.of(all);
  }

  private HostInfo awaitState(
      LabProvider provider, HostRef host, Set<HostState> want, Duration timeout) {
    Retrier retry = retrier(timeout);
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      HostInfo info = retry.call(() -> provider.describeHost(host));
      if (want.contains(info.state())) {
        return info;
      }
      if (info.state() == HostState.TERMINATED || info.state() == HostState.NOT_FOUND) {
        throw new NestLabException(
            "host " + host.id() + " is " + info.state() + " while waiting for it to be " + want);
      }
      if (clock.instant().isAfter(deadline)) {
        throw new NestLabTimeoutException(
            "host " + host.id() + " to be " + want + " (it is " + info.state() + ")", timeout);
      }
      sleeper.sleep(pollInterval);
    }
  }

  private Retrier retrier(Duration budget) {
    return new Retrier(
        clock, sleeper, maxAttempts, Duration.ofMillis(100), Duration.ofSeconds(5), budget);
  }

  /**
   * When the lab must be gone: at the end of its TTL, or earlier when its budget runs out at the
   * planned rate and {@code onBudget} is {@code destroy} (less the guard's lookahead, so the budget
   * is not crossed). The lease, which the host's watchdog reads, never runs past it, so the budget
   * holds even when no NestLab process watches the lab. A {@code stop} budget keeps its disks and
   * is applied by {@code status} or {@code watch}.
   */
  private Instant hardEnd(LabSpec spec, PlanOption option, Instant created) {
    Instant ttlEnd = created.plus(ttlOf(spec));
    if (spec == null
        || option == null
        || spec.policy().budgetUsd() == null
        || spec.policy().onBudget() != BudgetAction.DESTROY
        || option.hourly().usd().signum() <= 0) {
      return ttlEnd;
    }
    long seconds =
        spec.policy()
            .budgetUsd()
            .multiply(java.math.BigDecimal.valueOf(3600))
            .divide(option.hourly().usd(), 0, java.math.RoundingMode.FLOOR)
            .longValueExact();
    Instant budgetEnd = created.plusSeconds(seconds).minus(guardLookahead);
    return budgetEnd.isBefore(ttlEnd) ? budgetEnd : ttlEnd;
  }

  private static Duration ttlOf(LabSpec spec) {
    Duration ttl = spec == null || spec.policy() == null ? null : spec.policy().ttl();
    return ttl == null ? io.nestlab.spec.PolicySpec.DEFAULT_TTL : ttl;
  }

  /** For people: {@code esxi (esx-01) done}, with the reason of a failure. */
  static String describe(ProgressLine p) {
    return p.phase()
        + (p.host() == null ? "" : " (" + p.host() + ")")
        + " "
        + p.status().wire()
        + (p.reason() == null ? "" : ": " + p.reason());
  }

  private static String safeMessage(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private void fire(LabEvent event) {
    for (LabListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError vme) {
          throw vme;
        }
        // Said once per listener; later failures of the same listener are only traced.
        boolean first = failedListeners.add(l);
        LOG.log(
            first ? System.Logger.Level.WARNING : System.Logger.Level.TRACE,
            "listener "
                + l.getClass().getName()
                + " failed on "
                + event.step()
                + "; ignored: "
                + e);
      }
    }
  }

  /** One operation on one lab: the current record, saved at every change. */
  private final class Run {
    LabRecord rec;
    String current;

    Run(LabStore.LabLock lock, LabRecord rec) {
      if (!lock.labId().equals(rec.labId())) {
        throw new IllegalStateException("lock of " + lock.labId() + " used for " + rec.labId());
      }
      this.rec = rec;
    }

    void update(LabRecord.Builder b) {
      rec = b.build();
      store.save(rec);
    }

    void begin(String step, Map<String, String> data) {
      current = step;
      update(rec.toBuilder().journal(clock.instant(), step, Phase.BEGIN, data, null));
      fire(new LabEvent(rec.labId(), step, LabEvent.Kind.START, clock.instant(), "", null));
    }

    void end(String step, Map<String, String> data, String detail) {
      update(rec.toBuilder().journal(clock.instant(), step, Phase.END, data, null));
      fire(new LabEvent(rec.labId(), step, LabEvent.Kind.END, clock.instant(), detail, null));
      current = null;
    }

    void fail(String step, Throwable e) {
      update(
          rec.toBuilder().journal(clock.instant(), step, Phase.FAILED, Map.of(), safeMessage(e)));
      fire(
          new LabEvent(
              rec.labId(), step, LabEvent.Kind.FAILURE, clock.instant(), safeMessage(e), e));
      current = null;
    }

    void info(String step, String detail) {
      fire(new LabEvent(rec.labId(), step, LabEvent.Kind.INFO, clock.instant(), detail, null));
    }
  }

  /** Builds a {@link LabEngine}. */
  public static final class Builder {
    private final LabStore store;
    private ProviderResolver resolver = ProviderResolver.serviceLoader();
    private UserDataRenderer renderer = UserDataRenderer.minimal();
    private LabKeySource keys = LabKeySource.ed25519();
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.real();
    private final List<LabListener> listeners = new ArrayList<>();
    private String owner = System.getProperty("user.name", "unknown");
    private String credentialsPath;
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration stateTimeout = Duration.ofMinutes(10);
    private Duration bootstrapTimeout = Duration.ofMinutes(90);
    private Duration destroyTimeout = Duration.ofMinutes(15);
    private Duration guardLookahead = Duration.ofMinutes(10);
    private int maxAttempts = 8;

    private Builder(LabStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    public Builder providers(ProviderResolver v) {
      resolver = Objects.requireNonNull(v);
      return this;
    }

    public Builder userData(UserDataRenderer v) {
      renderer = Objects.requireNonNull(v);
      return this;
    }

    public Builder keys(LabKeySource v) {
      keys = Objects.requireNonNull(v);
      return this;
    }

    public Builder clock(Clock v) {
      clock = Objects.requireNonNull(v);
      return this;
    }

    public Builder sleeper(Sleeper v) {
      sleeper = Objects.requireNonNull(v);
      return this;
    }

    public Builder listener(LabListener v) {
      listeners.add(Objects.requireNonNull(v));
      return this;
    }

    public Builder owner(String v) {
      owner = Objects.requireNonNull(v);
      return this;
    }

    /**
     * Where the lab's credentials are on the L1 host; by default the provider's {@link
     * LabProvider#credentialsPath()} (the bootstrap's secrets file).
     */
    public Builder credentialsPath(String v) {
      credentialsPath = Objects.requireNonNull(v);
      return this;
    }

    public Builder pollInterval(Duration v) {
      pollInterval = Objects.requireNonNull(v);
      return this;
    }

    public Builder stateTimeout(Duration v) {
      stateTimeout = Objects.requireNonNull(v);
      return this;
    }

    public Builder bootstrapTimeout(Duration v) {
      bootstrapTimeout = Objects.requireNonNull(v);
      return this;
    }

    public Builder destroyTimeout(Duration v) {
      destroyTimeout = Objects.requireNonNull(v);
      return this;
    }

    /** How far ahead the budget guard projects: check interval plus the action's time. */
    public Builder guardLookahead(Duration v) {
      guardLookahead = Objects.requireNonNull(v);
      return this;
    }

    public Builder maxAttempts(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      maxAttempts = v;
      return this;
    }

    public LabEngine build() {
      return new LabEngine(this);
    }
  }

  /** The default store: files under {@code ~/.nestlab/labs}. */
  public static LabStore defaultStore() {
    return FileLabStore.at(FileLabStore.defaultRoot());
  }
}
