package io.nestlab.engine.internal.rehearse;

import java.time.Duration;
import java.util.List;

/**
 * Typical durations of a rehearsal's steps on a nested lab (for progress ETAs) and the deadlines
 * the engine allows each (generous: three times the typical duration and ten minutes more).
 */
public final class RehearsalTimes {
  private RehearsalTimes() {}

  /** How long step {@code id} typically takes; host steps are any id not named here. */
  public static Duration typical(String id) {
    return switch (id) {
      case "precheck" -> Duration.ofMinutes(3);
      case "checkpoint" -> Duration.ofMinutes(4);
      case "vcenter" -> Duration.ofMinutes(75);
      case "verify" -> Duration.ofMinutes(3);
      case "report" -> Duration.ofMinutes(1);
      default -> Duration.ofMinutes(25);
    };
  }

  /** How long the engine follows step {@code id} before it gives up following. */
  public static Duration deadline(String id) {
    return typical(id).multipliedBy(3).plusMinutes(10);
  }

  /** The typical time left: the rest of {@code current} (begun {@code elapsed} ago) and after. */
  public static Duration eta(List<String> steps, String current, Duration elapsed) {
    int i = steps.indexOf(current);
    if (i < 0) {
      return Duration.ZERO;
    }
    Duration left = typical(current).minus(elapsed);
    if (left.isNegative()) {
      left = Duration.ZERO;
    }
    for (String s : steps.subList(i + 1, steps.size())) {
      left = left.plus(typical(s));
    }
    return left;
  }
}
