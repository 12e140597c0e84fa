package io.nestlab.samples.cli;

import io.nestlab.cost.CostReport;
import io.nestlab.cost.Money;
import io.nestlab.engine.LabEngine;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nestlab fleet cost}: what a fleet of labs costs, by owner and by team (docs/fleet.md). */
@Command(
    name = "fleet",
    description = "Look at every lab of the state store at once: its cost by owner and by team.",
    subcommands = {FleetCommand.Cost.class})
final class FleetCommand extends CommandGroup {
  /** {@code nestlab fleet cost}: accrued cost and run rate per owner and per team. */
  @Command(
      name = "cost",
      description = {
        "Accrued cost (from the labs' recorded state changes) and hourly run rate of every lab,",
        "totalled per owner and per team (teams from --teams FILE, default $NESTLAB_HOME/teams)."
      })
  static final class Cost implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

    @Mixin StateOptions state = new StateOptions();

    @Option(
        names = "--teams",
        paramLabel = "FILE",
        description =
            "the teams file: lines TEAM: OWNER[, OWNER...], * in an owner for any characters"
                + " (default: the teams kept in the state store by 'nestlab budget teams', else"
                + " $NESTLAB_HOME/teams when it exists)")
    Path teamsFile;

    @Override
    public Integer call() {
      PrintWriter out = cmd.commandLine().getOut();
      FleetTeams teams = teams(state.store().budgets().teams());
      LabEngine engine = LabEngine.builder(state.store()).build();
      Map<String, Total> owners = new TreeMap<>();
      Map<String, Total> byTeam = new TreeMap<>();
      Total all = new Total();
      for (LabRecord r : state.store().records()) {
        String owner = r.owner() == null ? "-" : r.owner();
        String team = teams.teamOf(r.owner());
        CostReport c = r.plan() == null ? null : engine.cost(r);
        owners.computeIfAbsent(owner, o -> new Total()).add(r, c, team);
        byTeam.computeIfAbsent(team == null ? "-" : team, t -> new Total()).add(r, c, team);
        all.add(r, c, team);
      }
      if (JsonOutput.requested(cmd)) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("owners", json(owners, "owner"));
        doc.put("teams", json(byTeam, "team"));
        doc.put("total", all.json());
        JsonOutput.print(out, doc);
        return ExitCode.OK;
      }
      if (all.labs == 0) {
        out.println("no labs recorded in " + state.store().location());
        out.flush();
        return ExitCode.OK;
      }
      out.printf(
          "%-24s %-16s %5s %5s %14s %12s%n", "OWNER", "TEAM", "LABS", "LIVE", "ACCRUED", "RATE/H");
      owners.forEach((o, t) -> out.print(t.row(o, t.team == null ? "-" : t.team)));
      out.println();
      out.printf(
          "%-24s %-16s %5s %5s %14s %12s%n", "TEAM", "", "LABS", "LIVE", "ACCRUED", "RATE/H");
      byTeam.forEach((name, t) -> out.print(t.row(name, "")));
      out.println();
      out.print(all.row("total", ""));
      if (all.unknown > 0) {
        out.println(
            "("
                + all.unknown
                + " lab(s) recorded without a plan are counted but cost nothing here)");
      }
      out.flush();
      return ExitCode.OK;
    }

    /** --teams FILE, else the teams kept in the store ('budget teams'), else the default file. */
    private FleetTeams teams(Map<String, List<String>> stored) {
      if (teamsFile != null) {
        return FleetTeams.read(teamsFile, true);
      }
      return stored.isEmpty()
          ? FleetTeams.read(FleetTeams.defaultFile(), false)
          : FleetTeams.of(stored);
    }

    private static List<Map<String, Object>> json(Map<String, Total> totals, String key) {
      List<Map<String, Object>> list = new ArrayList<>();
      totals.forEach(
          (name, t) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(key, name.equals("-") ? null : name);
            if (key.equals("owner")) {
              m.put("team", t.team);
            }
            m.putAll(t.json());
            list.add(m);
          });
      return list;
    }
  }

  /** Labs, live labs, accrued cost and run rate of one owner, one team or everyone. */
  static final class Total {
    int labs;
    int live;
    int unknown;
    String team;
    Money accrued = Money.ZERO;
    Money hourly = Money.ZERO;

    void add(LabRecord r, CostReport c, String team) {
      this.team = team;
      labs++;
      if (r.status() != LabStatus.DESTROYED) {
        live++;
      }
      if (c == null) {
        unknown++;
        return;
      }
      accrued = accrued.plus(c.accrued());
      hourly = hourly.plus(c.burnRate());
    }

    String row(String name, String second) {
      return String.format(
          "%-24s %-16s %5d %5d %14s %12s%n", name, second, labs, live, accrued, hourly);
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("labs", labs);
      m.put("liveLabs", live);
      m.put("accruedUsd", LabJson.usd(accrued));
      m.put("runRateUsdPerHour", LabJson.usd(hourly));
      m.put("labsWithoutPlan", unknown);
      return m;
    }
  }
}
