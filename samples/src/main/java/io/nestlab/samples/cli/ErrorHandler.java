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
    if (ex instanceof InvalidSpecException) {
      err.println("nestlab: " + ex.getMessage());
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
      debug(err, ex);
      return ExitCode.PROVIDER;
    }
    if (ex instanceof NestLabException) {
      err.println("nestlab: " + ex.getMessage());
      debug(err, ex);
      return ExitCode.INVALID_INPUT;
    }
    err.println(
        "nestlab: internal error: "
            + ex
            + "\nThis is a bug in NestLab; rerun with NESTLAB_DEBUG=1 for details and report it.");
    debug(err, ex);
    return ExitCode.INTERNAL;
  }

  private static void debug(PrintWriter err, Exception ex) {
    if ("1".equals(System.getenv("NESTLAB_DEBUG"))) {
      ex.printStackTrace(err);
    }
  }
}
