package io.nestlab.samples.cli;

import io.nestlab.CloudTraits;
import io.nestlab.Clouds;
import io.nestlab.NestLabException;
import io.nestlab.bootstrap.BootstrapRenderer;
import io.nestlab.bootstrap.PackedUserData;
import io.nestlab.bootstrap.RenderOptions;
import io.nestlab.bootstrap.RenderedBootstrap;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nestlab render FILE --out DIR}: writes everything the L1 host would run for a lab, for
 * review: the files under their host paths, the readable user data, and the user data as each
 * provider would receive it. Nothing is created in any cloud.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Write the bootstrap of a lab to a directory for review; creates nothing in any cloud.",
      "That is cloud-init user data, host scripts, libvirt XML, kickstarts and vCenter templates.",
      "User data is packed for --provider (aws or gcp), else for the lab's providers, else both;",
      "one that does not fit its provider's limit is a warning while another fits.",
      "Exit status: 0 when written, 1 when the lab file is invalid or its user data fits no",
      "provider asked for (then nothing is written)."
    })
final class RenderCommand implements Callable<Integer> {
  /** The clouds whose user data render packs: every real one in the clouds' traits. */
  private static final List<String> PROVIDERS =
      Clouds.builtIn().all().stream().filter(t -> !t.simulated()).map(CloudTraits::id).toList();

  private static final Pattern SIZES =
      Pattern.compile("needs (\\d+) bytes compressed \\((\\d+) plain\\)");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "the lab file (YAML or JSON)")
  Path file;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "directory to write to (created when missing)")
  Path out;

  @Option(
      names = "--provider",
      paramLabel = "ID",
      description =
          "aws or gcp: where the lease is read from, and the only user data packed; default:"
              + " the lab's first provider, else aws (user data for the lab's providers, else both)")
  String provider;

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    LabSpec lab = LabSpecs.read(file);
    String id = provider;
    if (id == null) {
      id =
          lab.placement().providers().isEmpty()
              ? PROVIDERS.get(0)
              : lab.placement().providers().get(0);
    }
    RenderOptions options;
    try {
      options = RenderOptions.of(id);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--provider: " + e.getMessage());
    }
    RenderedBootstrap b = BootstrapRenderer.render(lab, options);
    // Everything is packed before anything is written: a lab that fits no provider asked for
    // leaves the directory as it was.
    Map<String, PackedUserData> packed = new LinkedHashMap<>();
    Map<String, NestLabException> tooLarge = new LinkedHashMap<>();
    for (String p : userDataProviders(lab)) {
      try {
        packed.put(p, b.userDataFor(p));
      } catch (NestLabException e) {
        tooLarge.put(p, e);
      }
    }
    if (packed.isEmpty()) {
      NestLabException first = tooLarge.values().iterator().next();
      if (tooLarge.size() == 1) {
        throw new NestLabException(first.getMessage() + "; nothing was written to " + out, first);
      }
      throw new NestLabException(
          "the bootstrap fits no provider's user data, so nothing was written: "
              + String.join(
                  "; ",
                  tooLarge.keySet().stream()
                      .map(p -> p + ": " + tooLarge(b, p, tooLarge.get(p)))
                      .toList()),
          first);
    }
    List<String> names = new ArrayList<>(b.files().keySet());
    names.add(RenderedBootstrap.USER_DATA_FILE);
    for (Map.Entry<String, PackedUserData> e : packed.entrySet()) {
      names.add(userDataName(e.getKey(), e.getValue().form() != PackedUserData.Form.PLAIN));
      if (!e.getValue().deferredFiles().isEmpty()) {
        names.add(listName(e.getKey()));
      }
    }
    // Every target is checked before anything is written: a bad one leaves the directory as it was.
    RenderOutput dir = RenderOutput.open(out, names);
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, String> f : b.files().entrySet()) {
      written.add(
          dir.write(
              f.getKey(),
              f.getValue().getBytes(StandardCharsets.UTF_8),
              "0755".equals(b.mode(f.getKey()))));
    }
    written.add(
        dir.write(
            RenderedBootstrap.USER_DATA_FILE,
            b.userData().getBytes(StandardCharsets.UTF_8),
            false));
    for (String p : PROVIDERS) {
      if (!packed.containsKey(p)) {
        // Left from an earlier render into this directory, they would not match these files.
        for (String stale : List.of(userDataName(p, true), userDataName(p, false), listName(p))) {
          dir.deleteStale(stale);
        }
      }
    }
    for (Map.Entry<String, PackedUserData> e : packed.entrySet()) {
      String p = e.getKey();
      PackedUserData data = e.getValue();
      boolean gzip = data.form() != PackedUserData.Form.PLAIN;
      dir.deleteStale(userDataName(p, !gzip));
      dir.write(userDataName(p, gzip), data.bytes(), false);
      w.printf(
          "%s user data: %d bytes (%s)%s%n",
          p,
          data.size(),
          describe(data.form()),
          data.deferredFiles().isEmpty()
              ? ""
              : "; " + data.deferredFiles().size() + " vCenter files are delivered after boot");
      if (data.deferredFiles().isEmpty()) {
        dir.deleteStale(listName(p));
      } else {
        StringBuilder list = new StringBuilder();
        for (String name : data.deferredFiles().keySet()) {
          list.append(name).append('\n');
        }
        dir.write(listName(p), list.toString().getBytes(StandardCharsets.UTF_8), false);
      }
    }
    w.printf(
        "%s: %d files for lab '%s' (%s) written to %s%n",
        file, written.size(), b.labName(), b.provider(), out);
    w.printf("steps: %d, from %s to %s%n", b.steps().size(), b.steps().get(0), "ready");
    w.flush();
    PrintWriter err = spec.commandLine().getErr();
    tooLarge.forEach(
        (p, e) ->
            err.println("nestlab: warning: " + p + " user data not written: " + tooLarge(b, p, e)));
    err.flush();
    return ExitCode.OK;
  }

  /**
   * The providers to pack user data for: the one given with --provider (aws or gcp); else the lab's
   * own providers among aws and gcp; else both.
   */
  private List<String> userDataProviders(LabSpec lab) {
    if (provider != null && PROVIDERS.contains(provider)) {
      return List.of(provider);
    }
    if (provider == null) {
      List<String> own =
          lab.placement().providers().stream().filter(PROVIDERS::contains).distinct().toList();
      if (!own.isEmpty()) {
        return own;
      }
    }
    return PROVIDERS;
  }

  private static String userDataName(String provider, boolean gzip) {
    return "user-data." + provider + (gzip ? ".gz" : ".yaml");
  }

  private static String listName(String provider) {
    return "deferred-files." + provider + ".txt";
  }

  /** Why {@code provider}'s user data does not fit, with its size when core's message has it. */
  private static String tooLarge(RenderedBootstrap b, String provider, NestLabException e) {
    CloudTraits cloud = Clouds.builtIn().get(provider);
    String limit =
        cloud.displayName()
            + "'s "
            + cloud.userDataMaxBytes() / 1024
            + " KB"
            + (cloud.userDataEncoding() != CloudTraits.UserDataEncoding.GZIP
                ? " even compressed"
                : b.deferrableFiles().isEmpty()
                    ? " even compressed"
                    : " even with the vCenter files deferred");
    Matcher m = SIZES.matcher(e.getMessage());
    String size =
        m.find() ? m.group(1) + " bytes compressed (" + m.group(2) + " plain)" : e.getMessage();
    return "the lab does not fit "
        + limit
        + ": "
        + size
        + "; fewer ESXi hosts or guests make it smaller";
  }

  private static String describe(PackedUserData.Form form) {
    return switch (form) {
      case PLAIN -> "plain #cloud-config";
      case GZIP -> "gzip #cloud-config";
      case GZIP_DEFERRED -> "gzip #cloud-config";
    };
  }
}
