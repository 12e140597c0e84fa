package io.nestlab.samples.cli;

import io.nestlab.NestLabException;
import io.nestlab.engine.LabEngine;
import io.nestlab.engine.RehearsalReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code nestlab report LAB [--json] [--markdown FILE]}: the rehearsal's verdict. */
@Command(
    name = "report",
    description =
        "The last upgrade rehearsal's verdict: versions before and after, steps, warnings, logs.")
final class ReportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Mixin LabCommandOptions lab;

  @Parameters(index = "0", paramLabel = "LAB", description = "the lab id")
  String labId;

  @CommandLine.Option(
      names = "--markdown",
      paramLabel = "FILE",
      description = "also write the report as Markdown to FILE, for a change request")
  Path markdown;

  @Override
  public Integer call() {
    PrintWriter out = cmd.commandLine().getOut();
    LabEngine engine = lab.engine(out);
    lab.checkProvider(engine.store().load(labId));
    RehearsalReport r = engine.rehearsalReport(labId, lab.overrides());
    if (markdown != null) {
      try {
        Files.writeString(markdown, r.markdown(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new NestLabException(
            "cannot write the report to "
                + markdown
                + ": "
                + e.getMessage()
                + "; pick another FILE",
            e);
      }
    }
    if (JsonOutput.requested(cmd)) {
      out.println(r.json());
    } else {
      out.print(r.markdown());
      if (markdown != null) {
        out.println("\nwritten to " + markdown);
      }
    }
    out.flush();
    return r.state().equals("failed") ? ExitCode.REHEARSAL_FAILED : ExitCode.OK;
  }
}
