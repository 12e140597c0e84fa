package io.nestlab.junit;

import io.nestlab.access.LabAccess;
import io.nestlab.access.LabEndpoints;
import io.nestlab.access.PortForward;
import io.nestlab.access.Secret;
import io.nestlab.access.SshConnection;
import io.nestlab.access.SshTarget;
import io.nestlab.access.Tunnel;
import io.nestlab.cost.CostReport;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.LabSsh;
import io.nestlab.engine.LabVault;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.LabRecord;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
  private final List<AutoCloseable> tunnels = new ArrayList<>();
  private boolean closed;
  private CostReport finalCost;
  private String thumbprint;

  /** How long opening an SSH connection to the L1 host may take. */
  static final Duration SSH_TIMEOUT = Duration.ofMinutes(1);

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
   * A new SSH connection to the L1 host, its host key verified against the one the lab recorded
   * when it became ready, logged in with the lab's key. The caller closes it.
   *
   * @throws IllegalStateException when the lab has no verified SSH access (the message says why)
   */
  public SshConnection ssh() {
    LabRecord rec = record();
    return LabSsh.open(
        engine.store(),
        rec,
        SSH_TIMEOUT,
        () ->
            new IllegalStateException(
                "lab "
                    + labId
                    + " has no SSH access: "
                    + (provider.sshPort() <= 0
                        ? "provider " + provider.id() + " offers no SSH to its hosts"
                        : "its host key was not verified yet (status " + rec.status() + ")")),
        IllegalStateException::new);
  }

  /**
   * A SOCKS proxy (versions 4 and 5) on {@code 127.0.0.1:port} (0: any free port; see {@link
   * Tunnel#localAddress()}) whose connections leave from the L1 host, so that tests outside the lab
   * network reach vCenter and the ESXi hosts by their lab names. Closed with the handle, or earlier
   * by closing it.
   */
  public Tunnel socks(int port) {
    return tunnel(ssh -> ssh.socks(PortForward.LOOPBACK, port));
  }

  /**
   * A port forward from {@code 127.0.0.1:localPort} (0: any free port) to {@code
   * remoteHost:remotePort} as the L1 host sees it, such as vCenter's {@code vcsa.lab.internal:443}.
   * Closed with the handle, or earlier by closing it.
   */
  public Tunnel forward(int localPort, String remoteHost, int remotePort) {
    return tunnel(ssh -> ssh.forward(PortForward.of(localPort, remoteHost, remotePort)));
  }

  private Tunnel tunnel(java.util.function.Function<SshConnection, Tunnel> open) {
    SshConnection ssh = ssh();
    Tunnel inner;
    try {
      inner = open.apply(ssh);
    } catch (RuntimeException e) {
      ssh.close();
      throw e;
    }
    Tunnel outer =
        new Tunnel() {
          @Override
          public InetSocketAddress localAddress() {
            return inner.localAddress();
          }

          @Override
          public String describe() {
            return inner.describe();
          }

          @Override
          public void close() {
            inner.close();
            ssh.close();
          }
        };
    synchronized (this) {
      if (closed) {
        outer.close();
        throw new IllegalStateException("lab " + labId + " is closed");
      }
      tunnels.add(outer);
    }
    return outer;
  }

  /**
   * The L1 host's NestLab logs as text: the journal of its {@code nestlab-*} services and its
   * progress log (when host commands reach it), and its serial console. Neither carries secrets
   * (the host programs' rule). A part that cannot be read says why in its place.
   */
  public String nestlabLogs() {
    LabRecord rec = record();
    return new HostLogs(
            labId,
            () -> engine.hostCommands(labId, settings),
            () ->
                provider
                    .readConsole(
                        rec.hostIfPresent()
                            .orElseThrow(
                                () -> new IllegalStateException("the lab has no host (yet)")),
                        0)
                    .text())
        .collect();
  }

  /**
   * vCenter's API endpoint, SSO administrator and the SHA-1 thumbprint of its certificate (from the
   * lab's credentials file, else asked of the L1 host, which verifies the certificate against the
   * vCenter CA it fetched on the lab network).
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
    String thumbprint = values.get("VCENTER_THUMBPRINT");
    if (thumbprint == null) {
      thumbprint = vcenterThumbprint(fqdn);
    }
    return new VcenterAccess(
        URI.create("https://" + fqdn + "/sdk"), user, Secret.of(password), thumbprint);
  }

  /** Asked of the L1 host once (see {@link VcenterThumbprint}); the certificate lives with it. */
  private synchronized String vcenterThumbprint(String fqdn) {
    if (thumbprint == null) {
      thumbprint = VcenterThumbprint.ask(labId, fqdn, () -> engine.hostCommands(labId, settings));
    }
    return thumbprint;
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
    for (AutoCloseable t : tunnels) {
      try {
        t.close();
      } catch (Exception e) {
        // A tunnel's close never throws; nothing to do if one did.
      }
    }
    tunnels.clear();
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
