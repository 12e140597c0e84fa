package io.nestlab.fake.internal;

import io.nestlab.fake.FakeFaults;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console of a simulated host: the bootstrap it runs after each boot, printed in NestLab's
 * progress protocol one phase at a time as the clock passes, failing at the phase the faults name.
 */
public final class FakeConsole {
  /** The phases the simulated bootstrap reports, in order, before {@code ready}. */
  public static final List<String> PHASES =
      List.of("packages", "kvm", "libvirt", "media", "esxi", "vcenter", "cluster");

  /** The phases a host restored from a blueprint reports: no media, ESXi or vCenter install. */
  public static final List<String> RESTORE_PHASES =
      List.of("packages", "kvm", "libvirt", "restore", "lab-start");

  private static final Pattern HOSTS = Pattern.compile("NESTLAB_HOSTS=([A-Za-z0-9_,.-]+)");

  private final String bootConsole;
  private final Duration bootPhase;
  private final FakeFaults faults;

  /**
   * @param bootConsole text every host prints when it boots, ending in a newline or empty
   * @param bootPhase clock time each phase takes
   */
  public FakeConsole(String bootConsole, Duration bootPhase, FakeFaults faults) {
    this.bootConsole = bootConsole;
    this.bootPhase = bootPhase;
    this.faults = faults;
  }

  /** What the host's current boot has printed by {@code now}; empty when it is not booted. */
  public String currentBoot(FakeResource r, Instant now) {
    if (r.bootStartedAt == null) {
      return "";
    }
    List<String> hosts = List.of("esx-01");
    Matcher m = HOSTS.matcher(r.userData == null ? "" : r.userData);
    if (m.find()) {
      hosts = List.of(m.group(1).split(","));
    }
    StringBuilder out = new StringBuilder();
    Instant b = r.bootStartedAt;
    out.append("fake-cloud: ")
        .append(r.id)
        .append(" (")
        .append(r.instanceType)
        .append(") booting\n")
        .append(bootConsole);
    int step = 0;
    for (String phase : r.restoredFrom == null ? PHASES : RESTORE_PHASES) {
      List<String> targets = phase.equals("esxi") ? hosts : Collections.singletonList(null);
      for (String host : targets) {
        Instant start = b.plus(bootPhase.multipliedBy(step));
        Instant end = start.plus(bootPhase);
        if (!now.isBefore(start)) {
          out.append(line(phase, host, "start", start));
        }
        boolean fail = phase.equals(faults.failBootPhase());
        if (!now.isBefore(end)) {
          out.append(line(phase, host, fail ? "failed" : "done", end));
        }
        if (fail || now.isBefore(end)) {
          return out.toString();
        }
        step++;
      }
    }
    out.append(line("ready", null, "done", b.plus(bootPhase.multipliedBy(step))));
    return out.toString();
  }

  private static String line(String phase, String host, String status, Instant t) {
    return "NESTLAB phase="
        + phase
        + (host == null ? "" : " host=" + host)
        + " status="
        + status
        + " t="
        + t
        + "\n";
  }
}
