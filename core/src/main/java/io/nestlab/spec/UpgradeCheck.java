package io.nestlab.spec;

import java.util.List;

/**
 * The answer of {@link VsphereKnowledge#checkUpgrade}: whether vSphere supports an upgrade as one
 * step and, when it does not, why and which route it supports instead.
 *
 * @param supported true when the upgrade is supported as one step
 * @param reason why it is refused, ending with what to do instead; empty when supported
 * @param route the supported route from source to target, source and target included (for 7.0U3 to
 *     9.0: 7.0U3, 8.0U3, 9.0); when supported, just the source and the target; empty when vSphere
 *     offers no route NestLab knows
 */
public record UpgradeCheck(boolean supported, String reason, List<VsphereVersion> route) {
  public UpgradeCheck {
    reason = reason == null ? "" : reason;
    route = List.copyOf(route);
    if (supported != reason.isEmpty()) {
      throw new IllegalArgumentException("a refused upgrade has a reason, a supported one none");
    }
  }

  static UpgradeCheck ok(VsphereVersion from, VsphereVersion to) {
    return new UpgradeCheck(true, "", List.of(from, to));
  }

  static UpgradeCheck refused(String reason, List<VsphereVersion> route) {
    return new UpgradeCheck(false, reason, route);
  }

  /** The route as {@code 7.0U3 -> 8.0U3 -> 9.0}; empty when there is none. */
  public String routeText() {
    return String.join(" -> ", route.stream().map(VsphereVersion::toString).toList());
  }
}
