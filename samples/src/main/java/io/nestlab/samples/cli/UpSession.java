package io.nestlab.samples.cli;

import io.nestlab.access.HostAccess;
import io.nestlab.access.LabAccess;
import io.nestlab.access.LabEndpoints;
import io.nestlab.cost.CostMeter;
import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.LabStep;
import io.nestlab.spi.LabProvider;
import io.nestlab.spi.LabProviders;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
import io.nestlab.state.JournalEntry;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One {@code up} after its confirmation: runs the creation with its progress, handles Ctrl-C
 * ({@link UpInterrupt}) and ends with the summary. Separate from {@link UpCommand} so tests drive
 * it with a fake cloud, a scripted terminal and an interrupt at a chosen step.
 */
final class UpSession {
  private final PrintWriter out;
  private final UpInterrupt.Prompt prompt;
  private final String stateDirFlag;
  private final CreateRun run = new CreateRun();

  /**
   * @param prompt asks the user on the terminal; null when there is none
   * @param stateDirFlag {@code " --state-dir DIR"} when the lab is not in the default place, else
   *     ""
   */
  UpSession(PrintWriter out, UpInterrupt.Prompt prompt, String stateDirFlag) {
    this.out = out;
    this.prompt = prompt;
    this.stateDirFlag = stateDirFlag;
  }

  /** The engine's sleeper for this creation (build the engine with it); Ctrl-C goes here too. */
  CreateRun run() {
    return run;
  }

  /**
   * Creates the lab and returns the exit code; {@code renderer} shows {@code progress} until the
   * creation ends or is interrupted, plain lines after that.
   */
  int create(
      LabEngine engine,
      CreateRequest request,
      ProviderSettings overrides,
      UpProgress progress,
      UpProgress.Renderer renderer)
      throws InterruptedException {
    String labId = request.labId();
    run.start(() -> engine.create(request));
    boolean interrupted = run.awaitEndOrInterrupt();
    if (!interrupted) {
      renderer.close();
      CreateRun.Outcome o = run.await();
      if (o.failure() != null) {
        throw o.failure();
      }
      summary(engine, o.record(), request.settings());
      return ExitCode.OK;
    }
    renderer.close();
    progress.renderTo(this::line);
    out.println(
        "stopping lab "
            + labId
            + " after the cloud call under way (Ctrl-C again quits at once; 'nestlab resume "
            + labId
            + stateDirFlag
            + "' then continues)...");
    out.flush();
    run.stop();
    CreateRun.Outcome o = run.await();
    if (o.failure() != null) {
      // It failed on its own meanwhile; the engine cleaned up as on any failure.
      throw o.failure();
    }
    LabRecord rec = engine.store().find(labId).orElse(null);
    if (rec == null) {
      out.println("interrupted before anything was created");
      return ExitCode.INTERRUPTED;
    }
    if (o.record() != null) {
      out.println("lab " + labId + " was " + LabFormat.status(rec) + " before it could stop");
    }
    UpInterrupt.Choice choice = UpInterrupt.decide(prompt, out, rec, labId);
    if (choice == UpInterrupt.Choice.DESTROY) {
      LabRecord gone = engine.destroy(labId, overrides);
      out.println(
          "lab "
              + labId
              + " is "
              + LabFormat.status(gone)
              + ": nothing tagged with it is left; it cost "
              + engine.cost(gone).accrued());
    } else {
      UpInterrupt.printKept(out, labId, stateDirFlag);
    }
    out.flush();
    return ExitCode.INTERRUPTED;
  }

  private void line(String line) {
    out.println(line);
    out.flush();
  }

  /**
   * The end of {@code up}: where the lab answers, its credentials, its cost, what to run next. The
   * commands that need SSH to the host (ssh, creds, connect) are only offered when it has SSH.
   */
  void summary(LabEngine engine, LabRecord rec, ProviderSettings settings) {
    String id = rec.labId();
    boolean ssh = reachableOverSsh(rec, settings);
    boolean ready = rec.status() == LabStatus.READY;
    String where =
        rec.plan() == null
            ? rec.provider()
            : rec.provider()
                + " "
                + rec.region()
                + " "
                + rec.plan().instanceType()
                + " ("
                + rec.plan().kind().name().toLowerCase(Locale.ROOT)
                + ", "
                + rec.plan().support().name().toLowerCase(Locale.ROOT)
                + ")";
    if (ready) {
      out.println("lab " + id + " is ready on " + where);
    } else {
      out.println(
          "lab "
              + id
              + " is launched on "
              + where
              + (rec.publicIp() == null ? "" : " at " + rec.publicIp())
              + "; it is not ready yet: its "
              + (rec.ended(LabStep.RUNNING.wire()) ? "bootstrap" : "host's start")
              + " goes on without this command");
    }
    if (rec.publicIp() != null && rec.spec() != null) {
      LabEndpoints ep = LabEndpoints.of(rec.spec(), rec.publicIp());
      row(
          "L1 host",
          ep.l1Host()
              + (ssh
                  ? "   (shell: nestlab ssh " + id + stateDirFlag + ")"
                  : "   (no SSH: " + rec.provider() + " hosts have none)"));
      ep.vcenterUrl()
          .ifPresent(
              u ->
                  row(
                      "vCenter",
                      ssh
                          ? u + "   (from here: nestlab connect " + id + stateDirFlag + ")"
                          : u.toString()));
      for (URI u : ep.esxiUrls()) {
        row("ESXi", u.toString());
      }
    }
    row("credentials", credentials(engine, rec, ssh));
    Instant now = Instant.now();
    CostMeter meter = engine.meter(rec);
    String cost = meter.burnRate(now) + "/h now";
    if (rec.leaseUntil() != null) {
      cost +=
          "; lease ends "
              + LabFormat.time(rec.leaseUntil())
              + " (in "
              + LabFormat.hours(Duration.between(now, rec.leaseUntil()))
              + "), "
              + meter.projected(now, rec.leaseUntil())
              + " by then";
    }
    row("cost", cost);
    if (ready) {
      row("follow it", "nestlab status " + id + stateDirFlag);
      row("delete it", "nestlab down " + id + " --yes" + stateDirFlag);
    } else {
      row("follow it", "nestlab status " + id + stateDirFlag);
      row("wait here", "nestlab resume " + id + stateDirFlag + "   (until it is ready)");
      row("delete it", "nestlab down " + id + " --yes" + stateDirFlag);
    }
    out.flush();
  }

  private void row(String what, String value) {
    out.printf("  %-12s %s%n", what, value);
  }

  /**
   * Whether {@code nestlab ssh}, {@code creds} and {@code connect} can reach the lab's host: from
   * the access step when it ran (it records the host's SSH details, or none when the provider's
   * hosts have no SSH, as a fake cloud without a stand-in server), else from the provider's SSH
   * port.
   */
  static boolean reachableOverSsh(LabRecord rec, ProviderSettings settings) {
    var access = rec.lastOf(LabStep.ACCESS.wire()).filter(e -> e.phase() == JournalEntry.Phase.END);
    try {
      if (access.isPresent()) {
        return HostAccess.fromMap(access.get().data()).isPresent();
      }
    } catch (RuntimeException damaged) {
      return true; // the access commands report the damage
    }
    try (LabProvider p = LabProviders.factory(rec.provider()).create(settings)) {
      return p.sshPort() > 0;
    } catch (RuntimeException e) {
      return true; // offer them; the commands themselves say what is missing
    }
  }

  private String credentials(LabEngine engine, LabRecord rec, boolean ssh) {
    String show = "nestlab creds " + rec.labId() + stateDirFlag;
    if (rec.ended(LabStep.CREDENTIALS.wire())) {
      String where =
          engine.store() instanceof FileLabStore f
              ? f.dir(rec.labId()).resolve("secrets.json") + " (0600)"
              : "the lab's secrets in " + engine.store().location();
      return "copied to " + where + "; show them: " + show;
    }
    String remote =
        rec.lastOf(LabStep.ACCESS.wire())
            .map(e -> e.data().get(LabStep.CREDENTIALS_PATH))
            .orElse(LabAccess.CREDENTIALS_PATH);
    if (!ssh) {
      return "on the L1 host in "
          + remote
          + "; "
          + rec.provider()
          + " hosts have no SSH, so they cannot be fetched from here";
    }
    return "on the L1 host in "
        + remote
        + (rec.status() == LabStatus.READY ? "" : " once its bootstrap made them")
        + "; fetch and show them: "
        + show
        + (rec.lastError() == null ? "" : " (" + rec.lastError() + ")");
  }
}
