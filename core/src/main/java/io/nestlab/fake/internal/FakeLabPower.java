package io.nestlab.fake.internal;

import io.nestlab.spi.HostCommands;
import io.nestlab.spi.HostRef;
import io.nestlab.spi.HostState;
import io.nestlab.spi.ResourceKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake host's commands: the host program {@code /usr/local/sbin/nestlab-lab-power
 * shutdown|start|status} (docs/design/0130), simulated on the host's record so that it outlives the
 * JVM of a directory-backed fake. The nested lab is running while the host runs, unless it was shut
 * down since the host's current boot. Any other command exits 127, as on a host without it.
 */
public final class FakeLabPower implements HostCommands {
  /** The host program's path on a lab host. */
  public static final String PROGRAM = "/usr/local/sbin/nestlab-lab-power";

  private static final Pattern HOSTS = Pattern.compile("NESTLAB_HOSTS=([A-Za-z0-9_,.-]+)");

  private final CloudCall cloud;
  private final Clock clock;
  private final HostRef host;

  public FakeLabPower(CloudCall cloud, Clock clock, HostRef host) {
    this.cloud = cloud;
    this.clock = clock;
    this.host = host;
  }

  @Override
  public Result run(String command, Duration timeout) {
    String[] words = command.strip().split("\\s+");
    if (words.length != 2 || !words[0].equals(PROGRAM)) {
      return new Result(127, "", "fake host: " + words[0] + ": command not found\n");
    }
    String verb = words[1];
    if (!List.of("shutdown", "start", "status").contains(verb)) {
      return failure("unknown action '" + verb + "'; use shutdown, start or status");
    }
    return cloud.call(
        "hostCommand",
        data -> {
          FakeResource r = data.resources.get(host.id());
          if (r == null || r.kind != ResourceKind.INSTANCE) {
            return failure("no such host " + host.id());
          }
          if (r.state != HostState.RUNNING || r.bootStartedAt == null) {
            return failure(
                "the host is " + r.state + "; the nested lab can only be driven while it runs");
          }
          Instant now = clock.instant();
          switch (verb) {
            case "shutdown" -> r.labStoppedAt = now;
            case "start" -> r.labStoppedAt = null;
            default -> {
              // status: nothing changes
            }
          }
          boolean stopped = r.labStoppedAt != null && !r.labStoppedAt.isBefore(r.bootStartedAt);
          return new Result(0, status(r, stopped ? "stopped" : "running"), "");
        });
  }

  @Override
  public void writeFile(String path, byte[] content, String mode, Duration timeout) {
    throw new UnsupportedOperationException(
        "the fake cloud's hosts keep no files; " + path + " was not written");
  }

  private static String status(FakeResource r, String state) {
    List<String> vms = new ArrayList<>();
    Matcher m = HOSTS.matcher(r.userData == null ? "" : r.userData);
    vms.addAll(m.find() ? List.of(m.group(1).split(",")) : List.of("esx-01"));
    vms.add("vcenter");
    StringBuilder json = new StringBuilder("{\"state\":\"" + state + "\",\"vms\":[");
    for (int i = 0; i < vms.size(); i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"name\":\"")
          .append(vms.get(i))
          .append("\",\"state\":\"")
          .append(state.equals("stopped") ? "shut off" : "running")
          .append("\"}");
    }
    return json.append("]}\n").toString();
  }

  private static Result failure(String why) {
    return new Result(1, "{\"error\":\"" + why.replace("\"", "'") + "\"}\n", "");
  }
}
