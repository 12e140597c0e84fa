package io.nestlab.state;

import io.nestlab.cost.MeterState;
import io.nestlab.cost.Transition;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.ProviderSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything NestLab remembers about one lab, persisted as {@code lab.json}. Immutable; change it
 * with {@link #toBuilder()}. Holds no secrets: those live in {@link LabSecrets}.
 *
 * @param formatVersion the file format version, {@link #FORMAT_VERSION}
 * @param providerSettings the provider settings the lab was made with, minus secret ones
 * @param leaseUntil when the lab's lease ends; resources past it may be swept
 * @param transitions billing-relevant state changes of the L1 host, oldest first
 * @param journal every step begun, ended or failed, oldest first
 * @param consoleOffset how far the bootstrap console has been read
 */
public record LabRecord(
    int formatVersion,
    String labId,
    String name,
    String owner,
    String provider,
    Map<String, String> providerSettings,
    String region,
    Instant created,
    Instant leaseUntil,
    LabStatus status,
    PlanOption plan,
    LabSpec spec,
    NetworkRef network,
    HostRef host,
    String publicIp,
    List<Transition> transitions,
    List<JournalEntry> journal,
    long consoleOffset,
    String lastPhase,
    String lastError) {

  public static final int FORMAT_VERSION = 1;

  public LabRecord {
    Objects.requireNonNull(labId, "labId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(status, "status");
    Map<String, String> settings = new java.util.TreeMap<>();
    if (providerSettings != null) {
      // One spelling (kebab-case): a record written with the old camelCase keys reads the same.
      providerSettings.forEach((k, v) -> settings.put(ProviderSettings.canonicalKey(k), v));
    }
    providerSettings = Map.copyOf(settings);
    transitions = transitions == null ? List.of() : List.copyOf(transitions);
    journal = journal == null ? List.of() : List.copyOf(journal);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public static Builder builder(String labId, String provider) {
    return new Builder(labId, provider);
  }

  /** The network, once created. */
  public Optional<NetworkRef> networkIfPresent() {
    return Optional.ofNullable(network);
  }

  /** The L1 host, once launched. */
  public Optional<HostRef> hostIfPresent() {
    return Optional.ofNullable(host);
  }

  /**
   * Whether this record has nothing left worth keeping: the lab is destroyed and it never held a
   * network, a host or a billed moment, so all it could tell is that nothing happened (a creation
   * that failed before it made anything). The store then keeps no record at all.
   */
  public boolean nothingToKeep() {
    return status == LabStatus.DESTROYED
        && network == null
        && host == null
        && transitions.stream().allMatch(t -> t.state() == MeterState.GONE);
  }

  /** The last journal entry of {@code step}, if any. */
  public Optional<JournalEntry> lastOf(String step) {
    for (int i = journal.size() - 1; i >= 0; i--) {
      if (journal.get(i).step().equals(step)) {
        return Optional.of(journal.get(i));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code step} has ended (its last entry is {@code END}). */
  public boolean ended(String step) {
    return lastOf(step).map(e -> e.phase() == JournalEntry.Phase.END).orElse(false);
  }

  /** Builds a changed copy of a {@link LabRecord}. */
  public static final class Builder {
    private String labId;
    private String name;
    private String owner;
    private String provider;
    private Map<String, String> providerSettings = Map.of();
    private String region;
    private Instant created;
    private Instant leaseUntil;
    private LabStatus status = LabStatus.CREATING;
    private PlanOption plan;
    private LabSpec spec;
    private NetworkRef network;
    private HostRef host;
    private String publicIp;
    private final List<Transition> transitions = new ArrayList<>();
    private final List<JournalEntry> journal = new ArrayList<>();
    private long consoleOffset;
    private String lastPhase;
    private String lastError;

    private Builder(String labId, String provider) {
      this.labId = labId;
      this.provider = provider;
    }

    private Builder(LabRecord r) {
      labId = r.labId;
      name = r.name;
      owner = r.owner;
      provider = r.provider;
      providerSettings = r.providerSettings;
      region = r.region;
      created = r.created;
      leaseUntil = r.leaseUntil;
      status = r.status;
      plan = r.plan;
      spec = r.spec;
      network = r.network;
      host = r.host;
      publicIp = r.publicIp;
      transitions.addAll(r.transitions);
      journal.addAll(r.journal);
      consoleOffset = r.consoleOffset;
      lastPhase = r.lastPhase;
      lastError = r.lastError;
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder owner(String v) {
      owner = v;
      return this;
    }

    public Builder provider(String v) {
      provider = v;
      return this;
    }

    public Builder providerSettings(Map<String, String> v) {
      providerSettings = v;
      return this;
    }

    public Builder region(String v) {
      region = v;
      return this;
    }

    public Builder created(Instant v) {
      created = v;
      return this;
    }

    public Builder leaseUntil(Instant v) {
      leaseUntil = v;
      return this;
    }

    public Builder status(LabStatus v) {
      status = v;
      return this;
    }

    public Builder plan(PlanOption v) {
      plan = v;
      return this;
    }

    public Builder spec(LabSpec v) {
      spec = v;
      return this;
    }

    public Builder network(NetworkRef v) {
      network = v;
      return this;
    }

    public Builder host(HostRef v) {
      host = v;
      return this;
    }

    public Builder publicIp(String v) {
      publicIp = v;
      return this;
    }

    /** Appends a transition unless the last one already has the same state. */
    public Builder transition(Transition t) {
      if (transitions.isEmpty() || transitions.get(transitions.size() - 1).state() != t.state()) {
        transitions.add(t);
      }
      return this;
    }

    /** Appends a journal entry, numbering it. */
    public Builder journal(
        Instant at, String step, JournalEntry.Phase phase, Map<String, String> data, String error) {
      long seq = journal.isEmpty() ? 1 : journal.get(journal.size() - 1).seq() + 1;
      journal.add(new JournalEntry(seq, at, step, phase, data, error));
      return this;
    }

    public Builder consoleOffset(long v) {
      consoleOffset = v;
      return this;
    }

    public Builder lastPhase(String v) {
      lastPhase = v;
      return this;
    }

    public Builder lastError(String v) {
      lastError = v;
      return this;
    }

    public LabRecord build() {
      return new LabRecord(
          FORMAT_VERSION,
          labId,
          name,
          owner,
          provider,
          providerSettings,
          region,
          created,
          leaseUntil,
          status,
          plan,
          spec,
          network,
          host,
          publicIp,
          transitions,
          journal,
          consoleOffset,
          lastPhase,
          lastError);
    }
  }
}
