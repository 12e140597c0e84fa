package io.nestlab.samples.cli;

import io.nestlab.engine.LabEngine;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.LabRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code nestlab list} prints: the table with its notes, or the JSON document (docs/cli.md).
 *
 * @param stateFlag {@code " --state-dir DIR"} or empty, for the commands the notes print
 * @param showOwner whether the table has an OWNER column
 * @param onlyOwner the owner whose labs are listed, or null for everyone's
 */
record ListOutput(LabEngine engine, String stateFlag, boolean showOwner, String onlyOwner) {

  void table(
      PrintWriter out,
      List<ListRow> rows,
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
    String format =
        showOwner
            ? "%-32s %-10s %-6s %-18s %-20s %10s  %-16s %s%n"
            : "%-32s %-10s %-6s %-18s %-20s %10s  %s%n";
    out.printf(
        format,
        ownerColumn("LAB", "STATUS", "CLOUD", "TYPE", "LEASE UNTIL", "COST", "OWNER", "WHERE"));
    for (ListRow r : rows) {
      out.printf(format, cells(r));
    }
    for (ListRow r : rows) {
      String note = r.stored() == null ? null : r.stored().note(stateFlag);
      if (note != null) {
        out.println(note);
      }
    }
    for (ListRow r : rows) {
      if (!r.damaged() && r.state() == null) {
        out.println(createdElsewhere(r, given, asked));
      }
    }
    hint(out, stateOnly);
  }

  /** The cells of one row of the table. */
  private Object[] cells(ListRow r) {
    if (r.damaged()) {
      // No owner is known of a damaged record; the OWNER column, when shown, says "-".
      return ownerColumn(
          r.id(),
          "damaged",
          r.cloud() == null ? "-" : r.cloud().provider(),
          "-",
          r.cloud() == null ? "-" : LabFormat.time(r.cloud().leaseUntil()),
          "-",
          r.cloud() == null || r.cloud().owner() == null ? "-" : r.cloud().owner(),
          r.where());
    }
    if (r.state() != null) {
      LabRecord s = r.state();
      return ownerColumn(
          r.id(),
          LabFormat.status(s),
          s.provider(),
          s.plan() == null ? "-" : s.plan().instanceType(),
          LabFormat.time(s.leaseUntil()),
          s.plan() == null ? "-" : engine.cost(s).accrued().toString(),
          s.owner() == null ? "-" : s.owner(),
          r.where());
    }
    return ownerColumn(
        r.id(),
        "-",
        r.cloud().provider(),
        "-",
        LabFormat.time(r.cloud().leaseUntil()),
        "-",
        r.cloud().owner() == null ? "-" : r.cloud().owner(),
        r.where());
  }

  private String createdElsewhere(ListRow r, ProviderSettings given, Set<String> asked) {
    return r.id()
        + ": created elsewhere (no state here"
        + (r.cloud().owner() == null ? "" : "; owner " + r.cloud().owner())
        + "); 'nestlab down "
        + r.id()
        + " --provider "
        + r.cloud().provider()
        + settingsFlags(r.cloud().provider(), given, asked)
        + stateFlag
        + "' deletes it by its tags";
  }

  /** The table's cells, without the owner's unless it is shown. */
  private Object[] ownerColumn(String... cells) {
    if (showOwner) {
      return cells;
    }
    List<String> without = new ArrayList<>(List.of(cells));
    without.remove(cells.length - 2);
    return without.toArray();
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

  void json(
      PrintWriter out, List<ListRow> rows, Set<String> asked, Map<String, String> unreachable) {
    List<Map<String, Object>> labs = new ArrayList<>();
    for (ListRow r : rows) {
      Map<String, Object> m = r.state() != null ? LabJson.lab(engine, r.state()) : fromCloud(r);
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

  /** A lab only the cloud shows (or a damaged record): what its tags say, the rest null. */
  private static Map<String, Object> fromCloud(ListRow r) {
    CloudLabs c = r.cloud();
    Map<String, Object> m = new LinkedHashMap<>();
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
    return m;
  }
}
