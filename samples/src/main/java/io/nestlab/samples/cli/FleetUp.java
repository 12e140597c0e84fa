package io.nestlab.samples.cli;

import io.nestlab.NestLabException;
import io.nestlab.engine.ApiRate;
import io.nestlab.engine.CreateRequest;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.LabEvent;
import io.nestlab.engine.ProviderResolver;
import io.nestlab.engine.RateLimits;
import io.nestlab.engine.Sleeper;
import io.nestlab.engine.WaitLevel;
import io.nestlab.plan.PlanOption;
import io.nestlab.spec.LabSpec;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.LabRecord;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code nestlab up FILE --count N}: N labs from one file, at most {@code --parallel} at a time,
 * each with its name and owner, with one progress line per lab event and a summary at the end
 * (docs/fleet.md). A lab that fails is cleaned up like a single {@code up}; one still creating when
 * the process dies is continued by {@code nestlab resume}.
 */
final class FleetUp {
  private final PrintWriter out;
  private final LabCommandOptions lab;
  private final FleetOptions fleet;

  FleetUp(PrintWriter out, LabCommandOptions lab, FleetOptions fleet) {
    this.out = out;
    this.lab = lab;
    this.fleet = fleet;
  }

  /**
   * The plan is made and confirmed by the caller; creates the labs (from {@code blueprint}'s disk
   * when it is not null) and returns the exit code.
   */
  int create(
      LabSpec spec, PlanOption option, ProviderSettings settings, WaitLevel level, String blueprint)
      throws InterruptedException {
    int n = fleet.count;
    List<CreateRequest> requests = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      String name = fleet.nameOf(spec.name(), i);
      LabSpec one = spec.toBuilder().name(name).build();
      String id = LabEngine.newLabId(name);
      requests.add(
          CreateRequest.of(one, option, settings)
              .withWait(level)
              .withLabId(id)
              .withBlueprint(blueprint));
      owners.add(fleet.ownerOf(i));
    }
    String where = lab.store().location();
    say(
        "fleet: creating "
            + n
            + " labs in "
            + where
            + ", "
            + Math.min(fleet.parallel, n)
            + " at a time; together "
            + option.hourly().times(BigDecimal.valueOf(n))
            + "/h");
    for (int i = 0; i < n; i++) {
      say("  " + requests.get(i).labId() + " (owner " + owners.get(i) + ")");
    }
    ApiRate rate = fleet.apiRateOf(option.provider());
    say("fleet: API calls to " + option.provider() + " " + describe(rate));
    // One bucket for the whole fleet: every lab's engine opens its provider through it.
    ProviderResolver limited =
        RateLimits.limit(lab.providers(), fleet::apiRateOf, lab.clock(), Sleeper.real());
    AtomicInteger done = new AtomicInteger();
    Map<String, String> failed = new TreeMap<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(fleet.parallel, n),
            r -> {
              Thread t = new Thread(r, "nestlab-fleet");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<LabRecord>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        CreateRequest request = requests.get(i);
        LabEngine engine =
            lab.engineBuilder()
                .providers(limited)
                .owner(owners.get(i))
                .listener(e -> progress(request, e))
                .build();
        futures.add(pool.submit(() -> engine.create(request)));
      }
      for (int i = 0; i < n; i++) {
        String id = requests.get(i).labId();
        try {
          LabRecord r = futures.get(i).get();
          say(
              "["
                  + done.incrementAndGet()
                  + "/"
                  + n
                  + "] "
                  + id
                  + " is "
                  + LabFormat.status(r)
                  + (r.publicIp() == null ? "" : " at " + r.publicIp()));
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          String why =
              cause instanceof NestLabException ? cause.getMessage() : String.valueOf(cause);
          failed.put(id, why);
          say("[" + done.incrementAndGet() + "/" + n + "] " + id + " FAILED: " + oneLine(why));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    say(
        "fleet: "
            + (n - failed.size())
            + " of "
            + n
            + " labs created"
            + (failed.isEmpty() ? "" : ", " + failed.size() + " failed")
            + "; 'nestlab list"
            + lab.stateDirFlag()
            + "' shows them, 'nestlab down --owner OWNER"
            + lab.stateDirFlag()
            + "' removes an owner's labs");
    for (String id : failed.keySet()) {
      say(
          "  "
              + id
              + ": 'nestlab resume "
              + id
              + lab.stateDirFlag()
              + "' continues it, 'nestlab down "
              + id
              + lab.stateDirFlag()
              + "' removes what it made");
    }
    return failed.isEmpty() ? ExitCode.OK : ExitCode.PROVIDER;
  }

  private void progress(CreateRequest request, LabEvent e) {
    if (e.kind() == LabEvent.Kind.START) {
      return;
    }
    String detail =
        switch (e.kind()) {
          case END -> e.detail().isEmpty() ? "done" : e.detail();
          case FAILURE -> "FAILED: " + e.detail();
          default -> e.detail();
        };
    say("  " + request.labId() + " " + e.step() + ": " + oneLine(detail));
  }

  private static String describe(ApiRate rate) {
    return rate.isUnlimited()
        ? "are not rate-limited (--api-rate sets a rate)"
        : "at most "
            + new java.math.BigDecimal(rate.perSecond())
                .round(new java.math.MathContext(4))
                .stripTrailingZeros()
                .toPlainString()
            + " calls/s (burst "
            + rate.burst()
            + "); throttled calls are repeated with a backoff";
  }

  private void say(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\R\\s*", "; ");
  }
}
