package io.nestlab.samples.cli;

import io.nestlab.internal.io.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;

/**
 * The global {@code --json} option (docs/cli.md): which commands have a JSON output, whether it was
 * asked for, and printing a document. A command without JSON output refuses {@code --json} instead
 * of printing text a script would then fail to parse.
 */
final class JsonOutput {
  /** The commands that print JSON with {@code --json}. */
  static final Set<String> COMMANDS =
      new TreeSet<>(
          Set.of(
              "providers",
              "catalog",
              "estimate",
              "plan",
              "list",
              "status",
              "cost",
              "blueprints",
              "checkpoints",
              "report"));

  private JsonOutput() {}

  /** Whether {@code --json} was given, before or after the command name. */
  static boolean requested(CommandLine.Model.CommandSpec spec) {
    return matched(spec.root().commandLine().getParseResult());
  }

  static boolean matched(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--json")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs the command the user named, unless it was given {@code --json} and has no JSON output:
   * then it says which commands have one, and exits 1.
   */
  static int execute(CommandLine.ParseResult parseResult) {
    CommandLine.ParseResult last = parseResult;
    while (last.subcommand() != null) {
      last = last.subcommand();
    }
    String name = last.commandSpec().name();
    if (matched(parseResult)
        && last != parseResult
        && !COMMANDS.contains(name)
        && !name.equals("help")
        && !last.isUsageHelpRequested()) {
      PrintWriter err = last.commandSpec().commandLine().getErr();
      err.println(
          "nestlab: --json: '"
              + name
              + "' has no JSON output; these commands have: "
              + String.join(", ", COMMANDS));
      err.flush();
      return ExitCode.INVALID_INPUT;
    }
    if (last.hasMatchedOption("--provider-opt")) {
      // As typed: commands declare --provider-opt as a list or as a map.
      List<String> opts = last.matchedOption("--provider-opt").originalStringValues();
      PrintWriter err = last.commandSpec().commandLine().getErr();
      for (String note : SettingsOptions.deprecations(opts)) {
        err.println("nestlab: warning: " + note);
      }
      err.flush();
    }
    return new CommandLine.RunLast().execute(parseResult);
  }

  /**
   * Keeps null fields: a documented field is always there, null when not known. Made on first use
   * only: a command without {@code --json} never pays for a Jackson mapper.
   */
  private static final class Mapper {
    static final com.fasterxml.jackson.databind.ObjectMapper INSTANCE =
        Json.mapper()
            .copy()
            .setDefaultPropertyInclusion(
                com.fasterxml.jackson.annotation.JsonInclude.Value.construct(
                    com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS,
                    com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS));
  }

  /** Prints {@code document} as indented JSON, keys sorted, null fields kept. */
  static void print(PrintWriter out, Object document) {
    try {
      out.println(Mapper.INSTANCE.writeValueAsString(document));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
    out.flush();
  }
}
