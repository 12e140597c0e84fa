package io.nestlab.samples.cli;

import io.nestlab.bootstrap.BootstrapRenderer;
import io.nestlab.bootstrap.PackedUserData;
import io.nestlab.bootstrap.RenderOptions;
import io.nestlab.bootstrap.RenderedBootstrap;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
      "Write the bootstrap of a lab (cloud-init user data, host scripts, libvirt XML, kickstarts,",
      "vCenter templates) to a directory for review. Creates nothing in any cloud.",
      "Exit status: 0 when written, 1 when the lab file is invalid."
    })
final class RenderCommand implements Callable<Integer> {
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
          "aws or gcp: where the lease is read from; default: the lab's first provider, else aws")
  String provider;

  @Override
  public Integer call() throws IOException {
    PrintWriter w = spec.commandLine().getOut();
    LabSpec lab = LabSpecs.read(file);
    String id = provider;
    if (id == null) {
      id = lab.placement().providers().isEmpty() ? "aws" : lab.placement().providers().get(0);
    }
    RenderOptions options;
    try {
      options = RenderOptions.of(id);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--provider: " + e.getMessage());
    }
    RenderedBootstrap b = BootstrapRenderer.render(lab, options);
    List<Path> written = b.writeTo(out);
    for (String p : List.of("aws", "gcp")) {
      PackedUserData packed = b.userDataFor(p);
      boolean gzip = packed.form() != PackedUserData.Form.PLAIN;
      Path target = out.resolve("user-data." + p + (gzip ? ".gz" : ".yaml"));
      Files.write(target, packed.bytes());
      w.printf(
          "%s user data: %d bytes (%s)%s%n",
          p,
          packed.size(),
          describe(packed.form()),
          packed.deferredFiles().isEmpty()
              ? ""
              : "; " + packed.deferredFiles().size() + " vCenter files are delivered after boot");
      if (!packed.deferredFiles().isEmpty()) {
        Path list = out.resolve("deferred-files." + p + ".txt");
        StringBuilder names = new StringBuilder();
        for (Map.Entry<String, String> e : packed.deferredFiles().entrySet()) {
          names.append(e.getKey()).append('\n');
        }
        Files.writeString(list, names.toString());
      }
    }
    w.printf(
        "%s: %d files for lab '%s' (%s) written to %s%n",
        file, written.size(), b.labName(), b.provider(), out);
    w.printf("steps: %d, from %s to %s%n", b.steps().size(), b.steps().get(0), "ready");
    w.flush();
    return ExitCode.OK;
  }

  private static String describe(PackedUserData.Form form) {
    return switch (form) {
      case PLAIN -> "plain #cloud-config";
      case GZIP -> "gzip #cloud-config";
      case GZIP_DEFERRED -> "gzip #cloud-config";
    };
  }
}
