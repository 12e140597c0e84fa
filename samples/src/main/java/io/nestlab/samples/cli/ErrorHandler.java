package io.nestlab.samples.cli;

import io.nestlab.InvalidSpecException;
import io.nestlab.NestLabException;
import io.nestlab.ProviderException;
import io.nestlab.access.HostKeyMismatchException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns failures into a message and an exit code. A user error never shows a stack trace; {@code
 * --verbose} (or NESTLAB_DEBUG=1) adds it for bugs and provider errors.
 */
final class ErrorHandler
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    PrintWriter err = ex.getCommandLine().getErr();
    err.println("nestlab: " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println(
        "Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
    return ExitCode.INVALID_INPUT;
  }

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    boolean verbose = verbose(parseResult);
    if (ex instanceof InvalidSpecException) {
      err.println("nestlab: " + ex.getMessage());
      return ExitCode.INVALID_INPUT;
    }
    if (ex instanceof io.nestlab.state.DamagedRecordException d) {
      String lab = d.damage().labId();
      err.println(
          "nestlab: "
              + ex.getMessage()
              + "; 'nestlab down "
              + lab
              + " --provider ID' deletes the lab by its tags, and 'nestlab list --provider ID'"
              + " shows what is left of it");
      return ExitCode.STATE;
    }
    if (ex instanceof io.nestlab.state.StateStoreUnavailableException) {
      // the database behind --state is down or refuses us: like a network error (design 0202)
      err.println("nestlab: " + ex.getMessage());
      debug(err, ex, verbose);
      return ExitCode.PROVIDER;
    }
    if (ex instanceof io.nestlab.state.StateAddressException) {
      err.println("nestlab: " + ex.getMessage()); // a bad flag or setting (design 0204)
      return ExitCode.INVALID_INPUT;
    }
    if (ex instanceof io.nestlab.state.LabStateException) {
      err.println("nestlab: " + ex.getMessage());
      return ExitCode.STATE;
    }
    if (ex instanceof ProviderException
        || ex instanceof HostKeyMismatchException
        || ex instanceof io.nestlab.NestLabTimeoutException
        || (ex instanceof io.nestlab.PartialFailureException
            && ex.getCause() instanceof ProviderException)) {
      err.println("nestlab: " + ex.getMessage());
      debug(err, ex, verbose);
      return ExitCode.PROVIDER;
    }
    if (ex instanceof NestLabException) {
      err.println("nestlab: " + ex.getMessage());
      debug(err, ex, verbose);
      return ExitCode.INVALID_INPUT;
    }
    err.println(
        "nestlab: internal error: "
            + ex
            + "\nThis is a bug in NestLab; rerun with --verbose for details and report it.");
    debug(err, ex, verbose);
    return ExitCode.INTERNAL;
  }

  /** Whether --verbose was given on the command or any parent (it is an inherited option). */
  static boolean verbose(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  private static void debug(PrintWriter err, Exception ex, boolean verbose) {
    if (verbose || "1".equals(System.getenv("NESTLAB_DEBUG"))) {
      ex.printStackTrace(err);
    }
  }
}
