package io.nestlab.engine;

import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import io.nestlab.spi.ProviderSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link LabEngine#create} makes: a lab spec, the plan option to run it on, and how.
 *
 * @param labId the id to give the lab, or null to derive one from the spec's name
 * @param settings the provider's settings (secret ones go to the lab's secrets file)
 * @param waitLevel how long {@code create} waits
 * @param cleanupOnFailure delete whatever was created when creation fails
 * @param heartbeat null to lease the lab for its TTL (it outlives this JVM); otherwise a short
 *     lease that this JVM must keep renewing ({@link LabEngine#keepLease}), so the lab is swept
 *     soon after the JVM dies
 * @param blueprint the blueprint whose saved disk the lab starts from (docs/blueprints.md), or null
 *     to build it from installers; its lab spec must be {@code spec} (the name aside)
 */
public record CreateRequest(
    LabSpec spec,
    PlanOption option,
    ProviderSettings settings,
    String labId,
    WaitLevel waitLevel,
    boolean cleanupOnFailure,
    Duration heartbeat,
    String blueprint) {

  public CreateRequest {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(option, "option");
    settings = settings == null ? ProviderSettings.empty() : settings;
    waitLevel = waitLevel == null ? WaitLevel.READY : waitLevel;
  }

  /** A request for a lab built from installers. */
  public CreateRequest(
      LabSpec spec,
      PlanOption option,
      ProviderSettings settings,
      String labId,
      WaitLevel waitLevel,
      boolean cleanupOnFailure,
      Duration heartbeat) {
    this(spec, option, settings, labId, waitLevel, cleanupOnFailure, heartbeat, null);
  }

  /** Create {@code spec} on {@code option}, wait until ready, clean up on failure. */
  public static CreateRequest of(LabSpec spec, PlanOption option, ProviderSettings settings) {
    return new CreateRequest(spec, option, settings, null, WaitLevel.READY, true, null, null);
  }

  public CreateRequest withLabId(String id) {
    return new CreateRequest(
        spec, option, settings, id, waitLevel, cleanupOnFailure, heartbeat, blueprint);
  }

  public CreateRequest withWait(WaitLevel w) {
    return new CreateRequest(
        spec, option, settings, labId, w, cleanupOnFailure, heartbeat, blueprint);
  }

  public CreateRequest withCleanupOnFailure(boolean c) {
    return new CreateRequest(spec, option, settings, labId, waitLevel, c, heartbeat, blueprint);
  }

  public CreateRequest withHeartbeat(Duration h) {
    return new CreateRequest(
        spec, option, settings, labId, waitLevel, cleanupOnFailure, h, blueprint);
  }

  /** This request, starting from the blueprint {@code name} (null: from installers). */
  public CreateRequest withBlueprint(String name) {
    return new CreateRequest(
        spec, option, settings, labId, waitLevel, cleanupOnFailure, heartbeat, name);
  }
}
