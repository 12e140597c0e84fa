package io.nestlab.samples.cli;

import io.nestlab.NestLabException;
import io.nestlab.engine.LabEngine;
import io.nestlab.spi.LabProviders;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.LabRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nestlab list}: the labs in the state directory, merged with the labs the named clouds show
 * by their tags, so a lab created elsewhere is visible (docs/design/0037).
 */
@Command(
    name = "list",
    description = {
      "List the labs recorded in the state directory.",
      "With --provider (repeatable) or --all-providers, also the labs those clouds show by their"
          + " tags, including labs created elsewhere, and whether each recorded lab still has"
          + " resources there (asked with the settings the lab was made with)."
    })
final class ListCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @CommandLine.Mixin StateOptions state = new StateOptions();

  @Option(
      names = "--provider",
      paramLabel = "ID",
      description = "also list what this cloud's tags show; repeatable (fake, aws, gcp)")
  List<String> providers = new ArrayList<>();

  @Option(
      names = "--all-providers",
      description = "also list what every provider's tags show; skips clouds it cannot reach")
  boolean allProviders;

  @Option(
      names = "--owner",
      paramLabel = "OWNER",
      description = "only the labs of OWNER (docs/fleet.md)")
  String owner;

  @Option(
      names = "--all-owners",
      description =
          "every owner's labs, with their owners; the default for a state directory, while shared"
              + " state (--state postgresql://...) lists your own labs unless this is given")
  boolean allOwners;

  /** The owner whose labs are listed; null: everyone's. */
  private String onlyOwner;

  /** Each given setting goes to every listed provider that has it. */
  @CommandLine.Mixin SettingsOptions settings = new SettingsOptions();

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    LabEngine engine = LabEngine.builder(state.store()).build();
    Set<String> asked = new LinkedHashSet<>(providers);
    if (allProviders) {
      asked.addAll(LabProviders.available().keySet());
    }
    for (String id : asked) {
      LabProviders.factory(id); // an unknown id fails here, naming the known ones
    }
    ProviderSettings given = settings.overrides();
    Map<String, ProviderSettings> settingsOf = new LinkedHashMap<>();
    for (String id : asked) {
      // A key that none of the asked providers knows is a typo: an error, whatever was asked.
      settingsOf.put(id, CloudLabs.settingsFor(id, given, asked));
    }
    Map<String, Map<String, CloudLabs>> clouds = new LinkedHashMap<>();
    Map<String, String> unreachable = new LinkedHashMap<>();
    for (String id : asked) {
      boolean named = providers.contains(id);
      try {
        clouds.put(id, CloudLabs.list(id, settingsOf.get(id)));
      } catch (io.nestlab.InvalidSpecException e) {
        if (named) {
          throw e;
        }
        // Only --all-providers asked: settings meant for another cloud (region=us-east-1 on
        // fake or gcp) skip this one, named in a warning (docs/cli.md#list).
        unreachable.put(id, oneLine(e.getMessage()));
      } catch (NestLabException e) {
        unreachable.put(id, named ? e.getMessage() : oneLine(e.getMessage()));
      } catch (RuntimeException e) {
        if (named) {
          throw e;
        }
        unreachable.put(id, oneLine(String.valueOf(e)));
      }
    }
    List<Row> rows = lookWithOwnSettings(rows(engine, clouds), settingsOf);
    onlyOwner =
        owner != null ? owner : !allOwners && state.shared() ? FleetOptions.currentOwner() : null;
    if (onlyOwner != null) {
      rows = rows.stream().filter(r -> onlyOwner.equals(r.owner())).toList();
    }
    if (JsonOutput.requested(cmd)) {
      printJson(out, engine, rows, asked, unreachable);
      PrintWriter err = cmd.commandLine().getErr();
      for (Row r : rows) {
        String note = r.stored() == null ? null : r.stored().note(state.flag());
        if (note != null) {
          err.println("nestlab: warning: " + note);
        }
      }
    } else {
      printTable(out, engine, rows, clouds.keySet(), given, asked.isEmpty());
      unreachable.forEach(
          (id, why) -> {
            if (providers.contains(id)) {
              out.println("could not list " + id + ": " + why);
            }
          });
    }
    out.flush();
    PrintWriter err = cmd.commandLine().getErr();
    unreachable.forEach(
        (id, why) -> {
          if (!providers.contains(id)) {
            err.println("nestlab: warning: --all-providers skipped " + id + ": " + why);
          }
        });
    err.flush();
    boolean namedFailed = unreachable.keySet().stream().anyMatch(providers::contains);
    return namedFailed ? ExitCode.PROVIDER : ExitCode.OK;
  }

  /** A multi-line message (a list of problems) on one line. */
  private static String oneLine(String message) {
    return message.replaceAll("\\R\\s*-?\\s*", "; ").replace(": 1 problem;", ":");
  }

  /**
   * One lab: from state (maybe damaged), from a cloud, or both.
   *
   * @param stored what the state holds of it (a damaged record included), or null
   * @param lookError why the lab's cloud could not be asked about it, or null
   */
  private record Row(
      String id,
      LabRecord state,
      CloudLabs cloud,
      boolean cloudAsked,
      StoredLab stored,
      String lookError) {
    Row(String id, LabRecord state, CloudLabs cloud, boolean cloudAsked, StoredLab stored) {
      this(id, state, cloud, cloudAsked, stored, null);
    }

    String owner() {
      return state != null ? state.owner() : cloud != null ? cloud.owner() : null;
    }

    String source() {
      boolean here = state != null || damaged();
      return !here ? "cloud" : cloud == null ? "state" : "state+cloud";
    }

    /** Whether the lab's record is damaged beyond its backup: only its id is known here. */
    boolean damaged() {
      return stored != null && stored.unreadable();
    }
  }

  /**
   * A recorded lab the listing did not find, made with other settings than the listing used (the
   * fake's dir, another region): asked again with the lab's own settings under the given ones, so
   * "nothing in the cloud" is said only after looking where the lab lives; when that look fails,
   * the row says it could not look (docs/design/0094).
   */
  private static List<Row> lookWithOwnSettings(
      List<Row> rows, Map<String, ProviderSettings> listedWith) {
    List<Row> out = new ArrayList<>();
    for (Row r : rows) {
      LabRecord rec = r.state();
      ProviderSettings listed = rec == null ? null : listedWith.get(rec.provider());
      if (listed == null
          || !r.cloudAsked()
          || r.cloud() != null
          || rec.status() == io.nestlab.state.LabStatus.DESTROYED) {
        out.add(r);
        continue;
      }
      ProviderSettings own = ProviderSettings.of(rec.providerSettings()).with(listed.asMap());
      if (own.asMap().equals(listed.asMap())) {
        out.add(r);
        continue;
      }
      try {
        List<io.nestlab.spi.OwnedResource> found = CloudLabs.of(rec.provider(), own, r.id());
        out.add(
            found.isEmpty()
                ? r
                : new Row(
                    r.id(), rec, new CloudLabs(r.id(), rec.provider(), found), true, r.stored()));
      } catch (RuntimeException e) {
        out.add(
            new Row(r.id(), rec, null, true, r.stored(), oneLine(String.valueOf(e.getMessage()))));
      }
    }
    return out;
  }

  private static List<Row> rows(LabEngine engine, Map<String, Map<String, CloudLabs>> clouds) {
    Set<String> ids = new TreeSet<>(engine.store().labIds());
    clouds.values().forEach(m -> ids.addAll(m.keySet()));
    // Every record in one read (one query in PostgreSQL); only the others are read one by one.
    Map<String, StoredLab> read = StoredLab.readAll(engine.store());
    List<Row> rows = new ArrayList<>();
    for (String id : ids) {
      // A damaged record is shown as such; it never stops the listing of the others.
      StoredLab stored = read.getOrDefault(id, null);
      if (stored == null) {
        stored = StoredLab.read(engine.store(), id);
      }
      LabRecord rec = stored.record();
      if (rec == null
          && !stored.unreadable()
          && clouds.values().stream().noneMatch(m -> m.containsKey(id))) {
        continue; // removed meanwhile
      }
      CloudLabs cloud = null;
      for (Map<String, CloudLabs> m : clouds.values()) {
        if (m.containsKey(id) && (rec == null || rec.provider().equals(m.get(id).provider()))) {
          cloud = m.get(id);
        }
      }
      boolean asked =
          rec == null
              ? !stored.unreadable() || !clouds.isEmpty()
              : clouds.containsKey(rec.provider());
      rows.add(new Row(id, rec, cloud, asked, stored));
    }
    return rows;
  }

  private void printTable(
      PrintWriter out,
      LabEngine engine,
      List<Row> rows,
      Set<String> asked,
      ProviderSettings given,
      boolean stateOnly) {
    if (rows.isEmpty()) {
      out.println(
          "no labs in "
              + engine.store().location()
              + (asked.isEmpty() ? "" : " nor tagged on " + String.join(", ", asked))
              + (onlyOwner == null
                  ? ""
                  : " owned by " + onlyOwner + " ('--all-owners' lists everyone's)"));
      hint(out, stateOnly);
      return;
    }
    boolean showOwner = allOwners || owner != null || state.shared();
    String format =
        showOwner
            ? "%-32s %-10s %-6s %-18s %-20s %10s  %-16s %s%n"
            : "%-32s %-10s %-6s %-18s %-20s %10s  %s%n";
    out.printf(
        format,
        ownerColumn(
            showOwner, "LAB", "STATUS", "CLOUD", "TYPE", "LEASE UNTIL", "COST", "OWNER", "WHERE"));
    List<Row> elsewhere = new ArrayList<>();
    for (Row r : rows) {
      if (r.damaged()) {
        out.printf(
            format,
            r.id(),
            "damaged",
            r.cloud() == null ? "-" : r.cloud().provider(),
            "-",
            r.cloud() == null ? "-" : LabFormat.time(r.cloud().leaseUntil()),
            "-",
            where(r));
      } else if (r.state() != null) {
        LabRecord s = r.state();
        out.printf(
            format,
            ownerColumn(
                showOwner,
                r.id(),
                LabFormat.status(s),
                s.provider(),
                s.plan() == null ? "-" : s.plan().instanceType(),
                LabFormat.time(s.leaseUntil()),
                s.plan() == null ? "-" : engine.cost(s).accrued().toString(),
                s.owner() == null ? "-" : s.owner(),
                where(r)));
      } else {
        elsewhere.add(r);
        out.printf(
            format,
            ownerColumn(
                showOwner,
                r.id(),
                "-",
                r.cloud().provider(),
                "-",
                LabFormat.time(r.cloud().leaseUntil()),
                "-",
                r.cloud().owner() == null ? "-" : r.cloud().owner(),
                where(r)));
      }
    }
    for (Row r : rows) {
      String note = r.stored() == null ? null : r.stored().note(state.flag());
      if (note != null) {
        out.println(note);
      }
    }
    for (Row r : elsewhere) {
      out.println(
          r.id()
              + ": created elsewhere (no state here"
              + (r.cloud().owner() == null ? "" : "; owner " + r.cloud().owner())
              + "); 'nestlab down "
              + r.id()
              + " --provider "
              + r.cloud().provider()
              + settingsFlags(r.cloud().provider(), given, asked)
              + state.flag()
              + "' deletes it by its tags");
    }
    hint(out, stateOnly);
  }

  /** The table's cells, without the owner's unless it is shown. */
  private static Object[] ownerColumn(boolean showOwner, String... cells) {
    if (showOwner) {
      return cells;
    }
    List<String> without = new ArrayList<>(List.of(cells));
    without.remove(cells.length - 2);
    return without.toArray();
  }

  private static String where(Row r) {
    if (r.damaged()) {
      if (r.cloud() != null) {
        return "here (damaged)+cloud (" + r.cloud().resources().size() + " resources)";
      }
      return r.cloudAsked() ? "here (damaged); nothing in the clouds asked" : "here (damaged)";
    }
    if (r.cloud() != null) {
      int n = r.cloud().resources().size();
      return (r.state() == null ? "cloud only" : "here+cloud")
          + " ("
          + n
          + " resource"
          + (n == 1 ? "" : "s")
          + ")";
    }
    if (!r.cloudAsked()) {
      return "here";
    }
    if (r.lookError() != null) {
      return "here; could not look in the cloud: " + r.lookError();
    }
    return r.state().status() == io.nestlab.state.LabStatus.DESTROYED
        ? "here (gone from the cloud)"
        : "here; NOTHING in the cloud";
  }

  private static String settingsFlags(String provider, ProviderSettings given, Set<String> asked) {
    StringBuilder b = new StringBuilder();
    CloudLabs.settingsFor(provider, given, asked)
        .asMap()
        .forEach(
            (k, v) ->
                b.append(" --provider-opt ")
                    .append(k)
                    .append('=')
                    .append(ProviderSettings.isSecret(k) ? "..." : v));
    return b.toString();
  }

  private static void hint(PrintWriter out, boolean stateOnly) {
    if (stateOnly) {
      out.println(
          "(only this machine's state; 'nestlab list --provider ID' or 'nestlab list"
              + " --all-providers' adds the labs the clouds' tags show, including labs created"
              + " elsewhere)");
    }
  }

  private static void printJson(
      PrintWriter out,
      LabEngine engine,
      List<Row> rows,
      Set<String> asked,
      Map<String, String> unreachable) {
    List<Map<String, Object>> labs = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m;
      if (r.state() != null) {
        m = LabJson.lab(engine, r.state());
      } else {
        CloudLabs c = r.cloud();
        m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", null);
        m.put("status", r.damaged() ? "damaged" : null);
        m.put("provider", c == null ? null : c.provider());
        m.put("region", c == null ? null : c.region());
        m.put("instanceType", null);
        m.put("owner", c == null ? null : c.owner());
        m.put("created", c == null ? null : LabJson.time(c.created()));
        m.put("leaseUntil", c == null ? null : LabJson.time(c.leaseUntil()));
        m.put("publicIp", null);
        m.put("lastPhase", null);
        m.put("lastError", null);
        m.put("accruedUsd", null);
        m.put("burnRateUsdPerHour", null);
      }
      m.put("source", r.source());
      m.put("damaged", r.stored() == null ? null : r.stored().damageJson());
      m.put(
          "cloudResources",
          r.cloudAsked() && r.lookError() == null
              ? (r.cloud() == null ? 0 : r.cloud().resources().size())
              : null);
      labs.add(m);
    }
    List<Map<String, Object>> providers = new ArrayList<>();
    for (String id : asked) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("id", id);
      p.put("listed", !unreachable.containsKey(id));
      p.put("error", unreachable.get(id));
      providers.add(p);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("stateDir", engine.store().location());
    doc.put("labs", labs);
    doc.put("providers", providers);
    JsonOutput.print(out, doc);
  }

  /** The labs of the state directory, for {@code status} without a lab. */
  static int printState(PrintWriter out, LabEngine engine, boolean json) {
    if (json) {
      printJson(out, engine, rows(engine, Map.of()), Set.of(), Map.of());
      return ExitCode.OK;
    }
    new ListCommand()
        .printTable(out, engine, rows(engine, Map.of()), Set.of(), ProviderSettings.empty(), true);
    return ExitCode.OK;
  }
}
