package io.nestlab.samples.cli;

import io.nestlab.NestLab;
import java.util.List;
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
    description = "Nested VMware vSphere labs on AWS and Google Cloud, with honest costs.")
public final class NestLabCli implements Runnable {
  /**
   * Every subcommand, in the order {@code --help} lists them. The model of a command is built only
   * when it runs (or when help lists them all): building all of them costs more than most commands.
   */
  static final List<Class<?>> COMMANDS =
      List.of(
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
          SaveCommand.class,
          BlueprintsCommand.class,
          StateCommand.class,
          FleetCommand.class,
          BudgetCommand.class,
          ValidateCommand.class,
          CredsCommand.class,
          SshCommand.class,
          ConnectCommand.class,
          EstimateCommand.class,
          RenderCommand.class,
          CheckpointCommand.class,
          CheckpointsCommand.class,
          RollbackCommand.class,
          RehearseCommand.class,
          ReportCommand.class,
          CompletionCommand.class);

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
    Preload.start(args);
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code; used by tests and by {@link #main}. */
  public static int run(String... args) {
    return commandLine(args).execute(args);
  }

  /** The configured command line with every subcommand, with NestLab's error handling. */
  public static CommandLine commandLine() {
    return configure(COMMANDS, CliInjection.standard());
  }

  /**
   * The command line for {@code args}: with only the subcommand they name when they name one (the
   * rest of the model is never built), else with every subcommand (help, errors, suggestions).
   */
  static CommandLine commandLine(String... args) {
    return configure(commandsFor(args), CliInjection.standard());
  }

  /**
   * As {@link #commandLine(String...)}, with the services commands ask for from {@code injector}
   * (made on first need only): tests run the CLI on {@code Modules.override(new CliModule())}.
   */
  public static CommandLine commandLine(
      java.util.function.Supplier<com.google.inject.Injector> injector, String... args) {
    return configure(commandsFor(args), new CliInjection(injector));
  }

  private static CommandLine configure(List<Class<?>> commands, CliInjection injection) {
    // picocli's DefaultFactory still serves some static helpers (version providers); this keeps it
    // from looking for Groovy's Closure class, a miss that opens every jar (CliFactory says why).
    System.setProperty("picocli.disable.closures", "true");
    CliFactory factory = new CliFactory();
    CommandLine cl = new CommandLine(new NestLabCli(), factory);
    for (Class<?> c : commands) {
      cl.addSubcommand(new CommandLine(c, factory));
    }
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(new ErrorHandler());
    cl.setExecutionStrategy(new Execution(injection));
    return cl;
  }

  /** Gives the command its services (CliInjection), then runs it as JsonOutput says. */
  private record Execution(CliInjection injection) implements CommandLine.IExecutionStrategy {
    @Override
    public int execute(CommandLine.ParseResult parseResult) {
      injection.intoCommand(parseResult);
      return JsonOutput.execute(parseResult);
    }
  }

  /**
   * The subcommands {@code args} need: the one their first word names; none for the root's {@code
   * --version}; every one for help, no command, or a word that names none (so picocli can list them
   * or suggest the nearest).
   */
  private static List<Class<?>> commandsFor(String... args) {
    for (String a : args) {
      if (a.equals("-V") || a.equals("--version")) {
        return List.of();
      }
      if (a.equals("-h") || a.equals("--help")) {
        return COMMANDS; // the root's help lists every command
      }
      if (a.startsWith("-")) {
        continue; // --json and --verbose take no value
      }
      for (Class<?> c : COMMANDS) {
        Command command = c.getAnnotation(Command.class);
        if (c != CommandLine.HelpCommand.class
            && (command.name().equals(a) || List.of(command.aliases()).contains(a))) {
          return List.of(c);
        }
      }
      return COMMANDS;
    }
    return COMMANDS;
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
