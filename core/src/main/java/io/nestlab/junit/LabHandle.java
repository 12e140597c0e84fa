package io.nestlab.junit;

import io.nestlab.access.LabAccess;
import io.nestlab.access.LabEndpoints;
import io.nestlab.access.Secret;
import io.nestlab.access.SshTarget;
import io.nestlab.cost.CostReport;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.LabVault;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.LabRecord;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A running lab given to a test by {@link NestedLabExtension}: its record, endpoints and
 * credentials. {@link #close()} ends the lab the way it was started: destroys it, or for a reused
 * lab ({@link Lab#reuse()}) only stops renewing its lease. JUnit closes it when the field's scope
 * ends, also when tests fail; closing it twice does nothing.
 */
public final class LabHandle implements AutoCloseable {
  private final LabEngine engine;
  private final LabProvider provider;
  private final ProviderSettings settings;
  private final String labId;
  private final AutoCloseable leaseKeeper;
  private final boolean destroyOnClose;
  private boolean closed;
  private CostReport finalCost;

  LabHandle(
      LabEngine engine,
      LabProvider provider,
      ProviderSettings settings,
      String labId,
      AutoCloseable leaseKeeper,
      boolean destroyOnClose) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.labId = Objects.requireNonNull(labId, "labId");
    this.leaseKeeper = leaseKeeper;
    this.destroyOnClose = destroyOnClose;
  }

  /** The lab's id, as {@code nestlab list} shows it. */
  public String labId() {
    return labId;
  }

  /** The lab's record as it is stored now. */
  public LabRecord record() {
    return engine.store().load(labId);
  }

  /** Where the lab's parts answer: the L1 host's address and the lab-network names. */
  public LabEndpoints endpoints() {
    LabRecord rec = record();
    return LabEndpoints.of(rec.spec(), rec.publicIp() == null ? "" : rec.publicIp());
  }

  /**
   * SSH to the L1 host; empty when the provider has none (the fake one without {@code ssh-port}).
   */
  public Optional<SshTarget> l1Ssh() {
    return LabAccess.targetOf(provider, record().publicIp());
  }

  /** The lab's private SSH key for {@link #l1Ssh()}, once the lab has one. */
  public Optional<Secret> sshKey() {
    return LabVault.of(engine.store(), labId).sshKey();
  }

  /**
   * vCenter's API endpoint and SSO administrator.
   *
   * @throws IllegalStateException when the lab has no vCenter, or its credentials were not fetched
   *     from the L1 host (the message says why and what to do)
   */
  public VcenterAccess vcenter() {
    LabRecord rec = record();
    String fqdn = endpoints().vcenterFqdn();
    if (fqdn == null) {
      throw new IllegalStateException(
          "lab "
              + labId
              + " has no vCenter: its spec '"
              + rec.spec().name()
              + "' has none; add a"
              + " vcenter section to the spec");
    }
    Secret file =
        LabVault.of(engine.store(), labId)
            .credentials()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "lab "
                            + labId
                            + " has no copy of its credentials: "
                            + (provider.sshPort() <= 0
                                ? "provider " + provider.id() + " offers no SSH to its hosts"
                                : rec.lastError() != null
                                    ? rec.lastError()
                                    : "they were not fetched")
                            + "; 'nestlab creds "
                            + labId
                            + "' fetches them once the L1 host answers SSH"));
    Map<String, String> values = parse(file);
    String user = values.get("SSO_USER");
    String password = values.get("SSO_PASSWORD");
    if (user == null || password == null) {
      throw new IllegalStateException(
          "lab "
              + labId
              + ": its credentials file has no SSO_USER or SSO_PASSWORD; the bootstrap writes"
              + " both, so the file was changed on the host");
    }
    return new VcenterAccess(
        URI.create("https://" + fqdn + "/sdk"),
        user,
        Secret.of(password),
        values.get("VCENTER_THUMBPRINT"));
  }

  /** What the lab has cost so far, or in all once destroyed. */
  public CostReport cost() {
    synchronized (this) {
      if (finalCost != null) {
        return finalCost;
      }
    }
    return engine.cost(record());
  }

  /** Whether {@link #close()} destroys the lab (not for a reused lab). */
  public boolean destroysOnClose() {
    return destroyOnClose;
  }

  /** Stops renewing the lease and, unless the lab is reused, destroys it. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (leaseKeeper != null) {
        leaseKeeper.close();
      }
    } catch (Exception e) {
      // The keeper only renews; the destroy below matters more.
    }
    if (destroyOnClose) {
      LabRecord destroyed = engine.destroy(labId, settings);
      finalCost = engine.cost(destroyed);
    }
  }

  @Override
  public String toString() {
    return "LabHandle[" + labId + " on " + provider.id() + "]";
  }

  private static Map<String, String> parse(Secret file) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : file.reveal().split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return values;
  }
}
