package io.nestlab.samples.cli;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spec.SpecFormat;
import io.nestlab.spec.SpecValidator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * {@code nestlab validate FILE...}: checks lab files and prints "ok" or every problem, one a line
 * as {@code FILE:LINE:COLUMN: PATH: MESSAGE}. Exit 0 when every file is valid, 1 otherwise. Its
 * picocli model is built in code ({@link #model}; docs/design/0160).
 */
final class ValidateCommand implements Callable<Integer> {
  CommandLine.Model.CommandSpec spec;
  List<Path> files;
  SpecFormat print;

  /** The command's picocli model, bound to a new command. */
  static CommandLine.Model.CommandSpec model() {
    ValidateCommand c = new ValidateCommand();
    CommandLine.Model.CommandSpec spec =
        CommandModels.command(
            c,
            "validate",
            "Check lab files (YAML or JSON) and print every problem with its place and a fix.",
            "A valid lab can still get warnings: what 'nestlab up' will need that the file lacks"
                + " (the installer media).",
            "Exit status: 0 when all files are valid (warnings or not), 1 when any is not.");
    spec.addPositional(
        CommandModels.positional(c, "files")
            .arity("1..*")
            .required(true)
            .paramLabel("FILE")
            .description("lab files to check")
            .build());
    spec.addOption(
        CommandModels.option(c, "print", "--print")
            .paramLabel("FORMAT")
            .converters(new FormatConverter())
            .description(
                "also print each valid lab with every default filled in: yaml or json; stdout"
                    + " then holds only the labs, and the status lines go to stderr")
            .build());
    CommandModels.standardHelpOptions(spec, CommandLine.ScopeType.LOCAL);
    c.spec = spec;
    return spec;
  }

  /** {@code yaml} or {@code json}, in any case. */
  static final class FormatConverter implements CommandLine.ITypeConverter<SpecFormat> {
    @Override
    public SpecFormat convert(String value) {
      for (SpecFormat f : SpecFormat.values()) {
        if (f.name().equalsIgnoreCase(value)) {
          return f;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a format; use yaml or json");
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    // With --print, stdout holds only the printed labs ('validate --print yaml F > G' gives a
    // lab file); "ok" and the problems go to stderr.
    PrintWriter status = print == null ? out : spec.commandLine().getErr();
    boolean allValid = true;
    for (Path file : files) {
      try {
        LabSpec lab = LabsAhead.read(file);
        List<Problem> warnings = new java.util.ArrayList<>(SpecValidator.warnings(lab));
        if (!lab.placement().instanceTypes().isEmpty()) {
          // the named types' CPUs against the lab's ESXi and its upgrade target (design 0195),
          // and each type in the local catalog of the lab's providers (design 0201)
          io.nestlab.catalog.Catalog catalog = LocalCatalog.load(spec.commandLine().getErr());
          if (lab.placement().providers().contains("fake")) {
            catalog = catalog.with(io.nestlab.fake.FakeCatalog.catalog());
          }
          io.nestlab.plan.CpuPrecheck.Result cpu = io.nestlab.plan.CpuPrecheck.check(lab, catalog);
          // at the line and column of each named type, as the spec's own problems are
          String text = LabSpecs.readText(file);
          if (!cpu.problems().isEmpty()) {
            throw new InvalidSpecException(
                file.toString(), LabSpecs.locate(text, file.toString(), cpu.problems()));
          }
          warnings.addAll(LabSpecs.locate(text, file.toString(), cpu.warnings()));
        }
        status.println(
            file
                + ": ok"
                + (warnings.isEmpty()
                    ? ""
                    : ", " + warnings.size() + (warnings.size() == 1 ? " warning" : " warnings")));
        for (Problem w : warnings) {
          status.println(
              format(file, new Problem(w.path(), w.line(), w.column(), "warning: " + w.message())));
        }
        if (print != null) {
          out.print(LabSpecs.write(lab, print));
        }
      } catch (InvalidSpecException e) {
        allValid = false;
        List<Problem> problems = e.problems();
        status.println(
            file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
        for (Problem p : problems) {
          status.println(format(file, p));
        }
      }
    }
    out.flush();
    status.flush();
    return allValid ? ExitCode.OK : ExitCode.INVALID_INPUT;
  }

  /** {@code FILE:LINE:COLUMN: PATH: MESSAGE}, the form editors and CI logs link to. */
  static String format(Path file, Problem p) {
    StringBuilder b = new StringBuilder("  ").append(file);
    if (p.line() > 0) {
      b.append(':').append(p.line()).append(':').append(p.column());
    }
    b.append(": ");
    if (!p.path().isEmpty()) {
      b.append(p.path()).append(": ");
    }
    return b.append(p.message()).toString();
  }
}
