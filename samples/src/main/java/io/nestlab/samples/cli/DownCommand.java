package io.nestlab.samples.cli;

import io.nestlab.NestLabException;
import io.nestlab.engine.LabEngine;
import io.nestlab.spi.LabTags;
import io.nestlab.spi.NetworkRef;
import io.nestlab.spi.OwnedResource;
import io.nestlab.spi.ProviderSettings;
import io.nestlab.state.LabRecord;
import io.nestlab.state.LabStateException;
import io.nestlab.state.LabStatus;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nestlab down LAB}: destroys everything of the lab, from any point; asks first
 * (docs/design/0037). A lab with no state here is found on {@code --provider} by its tags.
 */
@Command(
    name = "down",
    description = {
      "Destroy a lab from whatever point it reached, also after a crash.",
      "Deletes every resource tagged with its id and verifies by listing that nothing is left.",
      "Asks first on a terminal; without one (a script, CI), --yes is required.",
      "A lab created elsewhere (no state here) is found by its tags on --provider."
    })
final class DownCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "LAB",
      description = "the lab id (or --owner for all of an owner's labs)")
  String labId;

  @Option(
      names = "--owner",
      paramLabel = "OWNER",
      description = "destroy every lab of OWNER recorded in the state store (docs/fleet.md)")
  String owner;

  @Option(
      names = "--selector",
      paramLabel = "KEY=VALUE,...",
      description =
          "destroy every recorded lab matching all terms, KEY=VALUE or KEY!=VALUE with KEY one of"
              + " id, name, owner, provider, region, status and * in VALUE (docs/fleet.md)")
  String selector;

  @Option(
      names = "--parallel",
      paramLabel = "K",
      description =
          "with --owner or --selector: how many labs are destroyed at once (default 4, at most 32)")
  int parallel = 4;

  @Option(names = "--yes", description = "destroy without asking")
  boolean yes;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = cmd.commandLine().getOut();
    if (owner != null || selector != null || labId == null) {
      return new FleetDown(out, lab, yes, parallel).destroy(labId, owner, selector);
    }
    LabEngine engine = lab.engine(out);
    StoredLab stored = StoredLab.read(engine.store(), labId);
    if (stored.unreadable()) {
      return downDamaged(out, engine, stored);
    }
    Optional<LabRecord> found = Optional.ofNullable(stored.record());
    if (found.isEmpty()) {
      return downElsewhere(out, engine, null);
    }
    LabRecord rec = found.get();
    lab.checkProvider(rec);
    StoredLab.warnIfRecovered(engine.store(), labId, cmd.commandLine().getErr());
    if (rec.status() != LabStatus.DESTROYED) {
      List<String> parts = UpInterrupt.created(rec);
      String what =
          parts.isEmpty()
              ? "no resources recorded; any tagged with it are deleted too"
              : parts.size() + " recorded: " + String.join(", ", parts);
      if (!confirm(out, "Destroy lab " + labId + " (" + what + ")?")) {
        out.println("nothing destroyed");
        return ExitCode.OK;
      }
    }
    LabRecord r = engine.destroy(labId, lab.overrides());
    out.println(
        "lab "
            + r.labId()
            + " is "
            + LabFormat.status(r)
            + ": nothing tagged with it is left; it cost "
            + (r.plan() == null ? "an unknown amount" : engine.cost(r).accrued().toString()));
    return ExitCode.OK;
  }

  /**
   * A lab whose record is damaged beyond its backup: like a lab created elsewhere, it is found by
   * its tags on --provider and deleted; then its directory goes, damaged record included.
   */
  private int downDamaged(PrintWriter out, LabEngine engine, StoredLab stored) {
    if (lab.provider == null) {
      throw new LabStateException(
          stored.damage().describe()
              + "; name the lab's cloud to delete it by its tags: nestlab down "
              + labId
              + " --provider ID"
              + lab.stateDirFlag());
    }
    PrintWriter err = cmd.commandLine().getErr();
    err.println("nestlab: warning: " + stored.damage().describe());
    err.flush();
    return downElsewhere(out, engine, stored);
  }

  /**
   * A lab with no (readable) state here: find it by its tags on --provider and delete what is
   * there. {@code damaged} is the lab's damaged record, or null when there is none.
   */
  private int downElsewhere(PrintWriter out, LabEngine engine, StoredLab damaged) {
    if (lab.provider == null) {
      throw new LabStateException(
          "no lab '"
              + labId
              + "' in "
              + engine.store().location()
              + "; if it was created elsewhere, name its cloud: nestlab down "
              + labId
              + " --provider ID (it is found by its tags)");
    }
    ProviderSettings settings = lab.overrides();
    List<OwnedResource> resources = CloudLabs.of(lab.provider, settings, labId);
    if (resources.isEmpty() && damaged != null) {
      throw new LabStateException(
          "nothing on "
              + lab.provider
              + " is tagged "
              + LabTags.LAB
              + "="
              + labId
              + ", so nothing of the lab is left there; if it lived on another cloud, name that"
              + " one; if you are sure nothing is left, remove "
              + engine.store().location()
              + "/"
              + labId
              + " (its record is damaged)");
    }
    if (resources.isEmpty()) {
      throw new LabStateException(
          "no lab '"
              + labId
              + "' in "
              + engine.store().location()
              + ", and nothing on "
              + lab.provider
              + " is tagged "
              + LabTags.LAB
              + "="
              + labId);
    }
    boolean go =
        confirm(
            out,
            "Destroy lab "
                + labId
                + (damaged != null ? ", whose record is damaged (" : ", created elsewhere (")
                + resources.size()
                + " resources on "
                + lab.provider
                + ": "
                + String.join(", ", resources.stream().map(OwnedResource::describe).toList())
                + ")?");
    if (!go) {
      out.println("nothing destroyed");
      return ExitCode.OK;
    }
    // The engine destroys from a record: a minimal one, kept only until the lab is gone.
    Map<String, String> plain = new LinkedHashMap<>();
    settings
        .asMap()
        .forEach(
            (k, v) -> {
              if (!ProviderSettings.isSecret(k)) {
                plain.put(k, v);
              }
            });
    CloudLabs cloud = new CloudLabs(labId, lab.provider, resources);
    // The tagged resources stand for its network, so the engine knows the lab reached the cloud
    // (a record with no network, host or journal is one it destroys without asking the cloud).
    Map<String, String> found = new LinkedHashMap<>();
    for (OwnedResource r : resources) {
      found.put(r.kind().name().toLowerCase(Locale.ROOT) + "-" + (found.size() + 1), r.id());
    }
    engine
        .store()
        .save(
            LabRecord.builder(labId, lab.provider)
                .owner(cloud.owner())
                .region(cloud.region())
                .created(cloud.created())
                .leaseUntil(cloud.leaseUntil())
                .providerSettings(plain)
                .network(new NetworkRef(lab.provider, cloud.region(), found))
                .status(LabStatus.FAILED)
                .lastError(
                    (damaged != null ? "record damaged" : "created elsewhere")
                        + "; being destroyed from its tags")
                .build());
    engine.destroy(labId, settings);
    List<OwnedResource> left = CloudLabs.of(lab.provider, settings, labId);
    if (!left.isEmpty()) {
      throw new NestLabException(
          "lab "
              + labId
              + " still has "
              + left.size()
              + " resources tagged on "
              + lab.provider
              + " after down: "
              + String.join(", ", left.stream().map(OwnedResource::describe).toList())
              + "; run the same 'nestlab down' again, or delete them in the cloud's console");
    }
    engine.store().remove(labId);
    out.println(
        "lab "
            + labId
            + " is destroyed: nothing tagged with it is left on "
            + lab.provider
            + (damaged != null
                ? " (its damaged record is removed; what it cost is not known)"
                : " (it was created elsewhere; its cost is known where it was created)"));
    return ExitCode.OK;
  }

  private boolean confirm(PrintWriter out, String question) {
    return yes || Terminal.confirm(out, question + " [y/N] ", "--yes", "to destroy lab " + labId);
  }
}
