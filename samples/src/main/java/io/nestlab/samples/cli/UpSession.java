package io.nestlab.samples.cli;

import io.nestlab.access.LabAccess;
import io.nestlab.access.LabEndpoints;
import io.nestlab.cost.CostMeter;
import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEngine;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.FileLabStore;
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
      summary(engine, o.record());
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

  /** The end of {@code up}: where the lab answers, its credentials, its cost, what to run next. */
  void summary(LabEngine engine, LabRecord rec) {
    String id = rec.labId();
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
              + (rec.ended(LabEngine.RUNNING) ? "bootstrap" : "host's start")
              + " goes on without this command");
    }
    if (rec.publicIp() != null && rec.spec() != null) {
      LabEndpoints ep = LabEndpoints.of(rec.spec(), rec.publicIp());
      row("L1 host", ep.l1Host() + "   (shell: nestlab ssh " + id + stateDirFlag + ")");
      ep.vcenterUrl()
          .ifPresent(
              u -> row("vCenter", u + "   (from here: nestlab connect " + id + stateDirFlag + ")"));
      for (URI u : ep.esxiUrls()) {
        row("ESXi", u.toString());
      }
    }
    row("credentials", credentials(engine, rec));
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

  private String credentials(LabEngine engine, LabRecord rec) {
    String show = "nestlab creds " + rec.labId() + stateDirFlag;
    if (rec.ended(LabEngine.CREDENTIALS)) {
      String file =
          engine.store() instanceof FileLabStore f
              ? f.dir(rec.labId()).resolve("secrets.json").toString()
              : "the lab's secrets in " + engine.store().location();
      return "copied to " + file + " (0600); show them: " + show;
    }
    String remote =
        rec.lastOf(LabEngine.ACCESS)
            .map(e -> e.data().get(LabEngine.CREDENTIALS_PATH))
            .orElse(LabAccess.CREDENTIALS_PATH);
    return "on the L1 host in "
        + remote
        + (rec.status() == LabStatus.READY ? "" : " once its bootstrap made them")
        + "; fetch and show them: "
        + show
        + (rec.lastError() == null ? "" : " (" + rec.lastError() + ")");
  }
}
