package io.nestlab.samples.cli;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.state.Budget;
import io.nestlab.state.BudgetPolicy;
import io.nestlab.state.LabStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nestlab budget}: the owners' and teams' budgets kept in the state store, enforced by every
 * runner before it creates a lab (docs/fleet.md#budgets).
 */
@Command(
    name = "budget",
    description = {
      "Budgets and quotas per owner and per team, enforced before any lab is created.",
      "At most N labs and at most $X of committed cost per day, week or month, kept in the state",
      "store so that every runner enforces the same ones."
    },
    subcommands = {
      BudgetCommand.Set.class,
      BudgetCommand.ListBudgets.class,
      BudgetCommand.Remove.class,
      BudgetCommand.Teams.class
    })
final class BudgetCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Override
  public void run() {
    cmd.commandLine().usage(cmd.commandLine().getOut());
  }

  /** Exactly one of --owner O or --team T. */
  static final class Whom {
    @Option(names = "--owner", paramLabel = "OWNER", required = true, description = "an owner")
    String owner;

    @Option(
        names = "--team",
        paramLabel = "TEAM",
        required = true,
        description = "a team (its owners: 'nestlab budget teams FILE')")
    String team;

    Budget.Scope scope() {
      return owner != null ? Budget.Scope.OWNER : Budget.Scope.TEAM;
    }

    String name() {
      return owner != null ? owner : team;
    }
  }

  /** {@code budget set}: adds or replaces one budget. */
  @Command(
      name = "set",
      description = {
        "Sets the budget of an owner or a team (replacing its budget, if any), for example",
        "  nestlab budget set --team A --max-labs 10 --max-cost 200/week"
      })
  static final class Set implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec cmd;
    @Mixin StateOptions state = new StateOptions();

    @ArgGroup(multiplicity = "1")
    Whom whom;

    @Option(
        names = "--max-labs",
        paramLabel = "N",
        description = "at most N labs not destroyed yet")
    Integer maxLabs;

    @Option(
        names = "--max-cost",
        paramLabel = "AMOUNT/PERIOD",
        description =
            "at most this much committed cost (spent in the period plus planned to the live labs'"
                + " lease ends) per day, week or month: 200/week, 50/day, 800/month")
    String maxCost;

    @Override
    public Integer call() {
      Budget budget;
      try {
        budget = Budget.of(whom.scope(), whom.name(), maxLabs, maxCost);
      } catch (IllegalArgumentException e) {
        throw new InvalidSpecException(
            "command line", List.of(Problem.of("budget set", e.getMessage())));
      }
      LabStore store = state.store();
      BudgetPolicy policy = store.budgets();
      store.saveBudgets(policy.with(budget));
      PrintWriter out = cmd.commandLine().getOut();
      out.println(
          "budget of "
              + budget.label()
              + ": "
              + budget.limits()
              + " (kept in "
              + store.location()
              + "; every runner enforces it before creating a lab)");
      if (budget.scope() == Budget.Scope.TEAM && !policy.teams().containsKey(budget.name())) {
        out.println(
            "note: team "
                + budget.name()
                + " has no owners yet; 'nestlab budget teams FILE"
                + state.flag()
                + "' says who is in which team");
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  /** {@code budget list}: every budget and team. */
  @Command(name = "list", description = "Every budget and team kept in the state store.")
  static final class ListBudgets implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec cmd;
    @Mixin StateOptions state = new StateOptions();

    @Override
    public Integer call() {
      PrintWriter out = cmd.commandLine().getOut();
      BudgetPolicy policy = state.store().budgets();
      if (JsonOutput.requested(cmd)) {
        Map<String, Object> doc = new LinkedHashMap<>();
        List<Map<String, Object>> budgets = new ArrayList<>();
        for (Budget b : policy.budgets()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("scope", b.scope().wire());
          m.put("name", b.name());
          m.put("maxLabs", b.limitsLabs() ? b.maxLabs() : null);
          m.put("maxCostUsd", b.maxCost() == null ? null : LabJson.usd(b.maxCost()));
          m.put("period", b.period() == null ? null : b.period().wire());
          budgets.add(m);
        }
        doc.put("budgets", budgets);
        doc.put("teams", policy.teams());
        JsonOutput.print(out, doc);
        return ExitCode.OK;
      }
      if (policy.isEmpty()) {
        out.println(
            "no budgets in "
                + state.store().location()
                + "; 'nestlab budget set --team T --max-labs N --max-cost 200/week' sets one");
      }
      for (Budget b : policy.budgets()) {
        out.println(b.label() + ": " + b.limits());
      }
      policy.teams().forEach((t, owners) -> out.println("team " + t + ": " + owners));
      out.flush();
      return ExitCode.OK;
    }
  }

  /** {@code budget remove}: removes one budget. */
  @Command(name = "remove", description = "Removes the budget of an owner or a team.")
  static final class Remove implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec cmd;
    @Mixin StateOptions state = new StateOptions();

    @ArgGroup(multiplicity = "1")
    Whom whom;

    @Override
    public Integer call() {
      LabStore store = state.store();
      BudgetPolicy policy = store.budgets();
      if (policy.find(whom.scope(), whom.name()).isEmpty()) {
        throw new InvalidSpecException(
            "command line",
            List.of(
                Problem.of(
                    "--" + whom.scope().wire(),
                    whom.scope().wire()
                        + " "
                        + whom.name()
                        + " has no budget in "
                        + store.location()
                        + "; 'nestlab budget list' shows the budgets")));
      }
      store.saveBudgets(policy.without(whom.scope(), whom.name()));
      PrintWriter out = cmd.commandLine().getOut();
      out.println("budget of " + whom.scope().wire() + " " + whom.name() + " removed");
      out.flush();
      return ExitCode.OK;
    }
  }

  /** {@code budget teams FILE}: who is in which team, for budgets (and {@code fleet cost}). */
  @Command(
      name = "teams",
      description = {
        "Keeps the teams file's teams in the state store, so every runner counts the same owners",
        "against a team's budget (lines TEAM: OWNER[, OWNER...], * for any characters);",
        "--clear forgets them."
      })
  static final class Teams implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec cmd;
    @Mixin StateOptions state = new StateOptions();

    @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "FILE")
    Path file;

    @Option(names = "--clear", description = "forget the stored teams")
    boolean clear;

    @Override
    public Integer call() {
      if ((file == null) == !clear) {
        throw new InvalidSpecException(
            "command line",
            List.of(Problem.of("budget teams", "give a teams FILE or --clear, not both or none")));
      }
      Map<String, List<String>> teams = clear ? Map.of() : FleetTeams.read(file, true).owners();
      LabStore store = state.store();
      store.saveBudgets(store.budgets().withTeams(teams));
      PrintWriter out = cmd.commandLine().getOut();
      out.println(
          clear
              ? "teams forgotten"
              : teams.size() + (teams.size() == 1 ? " team" : " teams") + " kept: " + teams);
      out.flush();
      return ExitCode.OK;
    }
  }
}
