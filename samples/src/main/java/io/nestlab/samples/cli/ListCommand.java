package io.nestlab.samples.cli;

import io.nestlab.NestLabException;
import io.nestlab.engine.LabEngine;
import io.nestlab.spi.LabProviders;
import io.nestlab.spi.ProviderSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
      listCloud(id, settingsOf.get(id), clouds, unreachable);
    }
    List<ListRow> rows = ListRow.lookWithOwnSettings(ListRow.rows(engine, clouds), settingsOf);
    String onlyOwner =
        owner != null ? owner : !allOwners && state.shared() ? FleetOptions.currentOwner() : null;
    if (onlyOwner != null) {
      rows = rows.stream().filter(r -> onlyOwner.equals(r.owner())).toList();
    }
    ListOutput output =
        new ListOutput(
            engine, state.flag(), allOwners || owner != null || state.shared(), onlyOwner);
    PrintWriter err = cmd.commandLine().getErr();
    if (JsonOutput.requested(cmd)) {
      output.json(out, rows, asked, unreachable);
      for (ListRow r : rows) {
        String note = r.stored() == null ? null : r.stored().note(state.flag());
        if (note != null) {
          err.println("nestlab: warning: " + note);
        }
      }
    } else {
      output.table(out, rows, clouds.keySet(), given, asked.isEmpty());
      unreachable.forEach(
          (id, why) -> {
            if (providers.contains(id)) {
              out.println("could not list " + id + ": " + why);
            }
          });
    }
    out.flush();
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

  /**
   * Lists the labs cloud {@code id}'s tags show into {@code clouds}, or why it could not into
   * {@code unreachable}: a cloud named with --provider fails the command on bad settings, one only
   * --all-providers asked is skipped with a warning.
   */
  private void listCloud(
      String id,
      ProviderSettings with,
      Map<String, Map<String, CloudLabs>> clouds,
      Map<String, String> unreachable) {
    boolean named = providers.contains(id);
    try {
      clouds.put(id, CloudLabs.list(id, with));
    } catch (io.nestlab.InvalidSpecException e) {
      if (named) {
        throw e;
      }
      // Only --all-providers asked: settings meant for another cloud (region=us-east-1 on
      // fake or gcp) skip this one, named in a warning (docs/cli.md#list).
      unreachable.put(id, ListRow.oneLine(e.getMessage()));
    } catch (NestLabException e) {
      unreachable.put(id, named ? e.getMessage() : ListRow.oneLine(e.getMessage()));
    } catch (RuntimeException e) {
      if (named) {
        throw e;
      }
      unreachable.put(id, ListRow.oneLine(String.valueOf(e)));
    }
  }

  /** The labs of the state directory, for {@code status} without a lab. */
  static int printState(PrintWriter out, LabEngine engine, boolean json) {
    ListOutput output = new ListOutput(engine, "", false, null);
    List<ListRow> rows = ListRow.rows(engine, Map.of());
    if (json) {
      output.json(out, rows, Set.of(), Map.of());
    } else {
      output.table(out, rows, Set.of(), ProviderSettings.empty(), true);
    }
    return ExitCode.OK;
  }
}
