package io.nestlab.engine.internal.rehearse;

import com.fasterxml.jackson.databind.JsonNode;
import io.nestlab.NestLabException;
import io.nestlab.spi.HostCommands;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The verbs of the host program {@code nestlab-rehearsal} (design 0120) over a lab's host commands:
 * each prints one JSON document; a failure's {@code error} becomes the exception's message.
 */
public final class RehearsalHost {
  static final String PROGRAM = "nestlab-rehearsal";
  static final Duration QUICK = Duration.ofMinutes(2);
  static final Duration SLOW = Duration.ofMinutes(30);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  private final HostCommands host;

  public RehearsalHost(HostCommands host) {
    this.host = host;
  }

  /** Refuses a checkpoint name the host could not use as a directory name. */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new NestLabException(
          "checkpoint name '"
              + name
              + "' is not allowed: use letters, digits, '.', '_' and '-' (at most 63), starting"
              + " with a letter or digit, e.g. pre-upgrade");
    }
    return name;
  }

  public void writeConfig(byte[] json) {
    host.writeFile(RehearsalConfig.PATH, json, "0600", QUICK);
  }

  public JsonNode start() {
    return verb("start", QUICK);
  }

  public JsonNode resume() {
    return verb("resume", QUICK);
  }

  public JsonNode status() {
    return verb("status", QUICK);
  }

  public JsonNode report() {
    return verb("report", QUICK);
  }

  public JsonNode checkpointCreate(String name) {
    return verb("checkpoint create " + checkName(name), SLOW);
  }

  public JsonNode checkpointList() {
    return verb("checkpoint list", QUICK);
  }

  /**
   * Reverts the lab to checkpoint {@code name}; with {@code force}, the host first stops what an
   * interrupted run left running (its installer), design 0179.
   */
  public JsonNode checkpointRollback(String name, boolean force) {
    return verb("checkpoint rollback " + checkName(name) + (force ? " --force" : ""), SLOW);
  }

  public JsonNode checkpointDelete(String name) {
    return verb("checkpoint delete " + checkName(name), QUICK);
  }

  private JsonNode verb(String args, Duration timeout) {
    String what = PROGRAM + " " + args;
    HostCommands.Result r = host.run(PROGRAM + " " + args, timeout);
    if (r.exitStatus() == 127) {
      throw new NestLabException(
          what
              + ": the host has no "
              + PROGRAM
              + " (a lab made by an older NestLab); recreate the lab to get it");
    }
    if (!r.succeeded()) {
      String why = HostJson.brief(r.stderr());
      try {
        JsonNode n = HostJson.parse(what, r.stdout());
        if (n.hasNonNull("error")) {
          why = n.get("error").asText();
        }
      } catch (NestLabException notJson) {
        // keep stderr as the reason
      }
      throw new NestLabException(
          what + " failed on the host (exit " + r.exitStatus() + "): " + why);
    }
    return HostJson.parse(what, r.stdout());
  }
}
