package io.nestlab.engine.internal;

import io.nestlab.NestLab;
import io.nestlab.bootstrap.PackedUserData;
import io.nestlab.engine.LabStep;
import io.nestlab.plan.PlanOption;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.NetworkRef;
import io.nestlab.state.LabRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The tags and the launch request of a lab's host, from its record. */
public final class HostRequests {
  private HostRequests() {}

  /** The idempotency key of a lab's step: a name-based UUID both clouds accept. */
  public static String idempotencyKey(String labId, String step) {
    return UUID.nameUUIDFromBytes((labId + "/" + step).getBytes(StandardCharsets.UTF_8)).toString();
  }

  public static Map<String, String> tags(LabRecord rec) {
    return new LabTags(
            rec.labId(),
            rec.owner() == null ? "unknown" : rec.owner(),
            rec.created(),
            rec.leaseUntil(),
            NestLab.version())
        .toMap();
  }

  /** The request that launches (or, in preflight, would launch) the lab's host. */
  public static HostRequest of(
      LabRecord rec,
      NetworkRef network,
      String publicKey,
      PackedUserData userData,
      Duration lookahead) {
    PlanOption o = rec.plan();
    // The cloud-side backstop is the lab's hard end (TTL, or a destroying budget), not a
    // (possibly short, renewed) heartbeat lease.
    Duration maxRun =
        Duration.between(
            rec.created(), LabDeadlines.hardEnd(rec.spec(), o, rec.created(), lookahead));
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
        tags(rec),
        network,
        maxRun.isNegative() ? null : maxRun,
        idempotencyKey(rec.labId(), LabStep.HOST.wire()));
  }
}
