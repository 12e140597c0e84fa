package io.nestlab.samples.cli;

import io.nestlab.NestLab;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code nestlab} command. Run with {@code samples/bin/nestlab}. Its attributes (scope INHERIT)
 * reach every subcommand, so each one takes -h/--help (and -V/--version) without declaring it.
 */
@Command(
    name = "nestlab",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = NestLabCli.Version.class,
    description = "Nested VMware vSphere labs on AWS and Google Cloud, with honest costs.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ProvidersCommand.class,
      CatalogCommand.class,
      PlanCommand.class,
      UpCommand.class,
      StatusCommand.class,
      WatchCommand.class,
      CostCommand.class,
      ListCommand.class,
      StopCommand.class,
      StartCommand.class,
      DownCommand.class,
      ResumeCommand.class,
      SweepCommand.class,
      StateCommand.class,
      ValidateCommand.class,
      CredsCommand.class,
      SshCommand.class,
      ConnectCommand.class,
      EstimateCommand.class,
      RenderCommand.class
    })
public final class NestLabCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Read by {@link ErrorHandler} from the parse result; inherited by every subcommand. */
  @CommandLine.Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "show stack traces of bugs and provider errors (also NESTLAB_DEBUG=1)")
  boolean verbose;

  /** Read by each command through {@link JsonOutput}; inherited by every subcommand. */
  @CommandLine.Option(
      names = "--json",
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "machine-readable output, documented in docs/cli.md (providers, catalog, estimate, plan,"
              + " list, status, cost)")
  boolean json;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code; used by tests and by {@link #main}. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line, with NestLab's error handling. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new NestLabCli());
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(new ErrorHandler());
    cl.setExecutionStrategy(JsonOutput::execute);
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Prints the version of NestLab. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"nestlab " + NestLab.version()};
    }
  }
}
