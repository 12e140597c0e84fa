package io.nestlab.samples.cli;

import io.nestlab.NestLab;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code nestlab} command. Run with {@code samples/bin/nestlab}. Its options {@code --json} and
 * {@code --verbose} and its version (scope INHERIT) reach every subcommand; each subcommand takes
 * -h/--help and -V/--version. Its picocli model is built in code, as are the offline commands'
 * (docs/design/0160); the lab commands are read from their annotations.
 */
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

  /**
   * The commands whose model is built in code (docs/design/0160), by name: they are found without
   * reading any command's annotations.
   */
  private static final Map<String, Class<?>> IN_CODE =
      Map.of(
          "validate", ValidateCommand.class,
          "estimate", EstimateCommand.class,
          "plan", PlanCommand.class,
          "catalog", CatalogCommand.class);

  private CommandLine.Model.CommandSpec spec;

  /** The root's model: its description, version, help and inherited options. */
  private static CommandLine.Model.CommandSpec model() {
    NestLabCli root = new NestLabCli();
    CommandLine.Model.CommandSpec spec =
        CommandModels.command(
            root,
            "nestlab",
            "Nested VMware vSphere labs on AWS and Google Cloud, with honest costs.");
    spec.scopeType(CommandLine.ScopeType.INHERIT); // the version provider reaches subcommands
    spec.versionProvider(new Version());
    // Read by ErrorHandler from the parse result; inherited by every subcommand.
    spec.addOption(
        CommandLine.Model.OptionSpec.builder("--verbose")
            .type(boolean.class)
            .scopeType(CommandLine.ScopeType.INHERIT)
            .description("show stack traces of bugs and provider errors (also NESTLAB_DEBUG=1)")
            .build());
    // Read by each command through JsonOutput; inherited by every subcommand.
    spec.addOption(
        CommandLine.Model.OptionSpec.builder("--json")
            .type(boolean.class)
            .scopeType(CommandLine.ScopeType.INHERIT)
            .description(
                "machine-readable output, documented in docs/cli.md (providers, catalog,"
                    + " estimate, plan, list, status, cost)")
            .build());
    // Local: each subcommand gets its own (CommandModels, or mixinStandardHelpOptions below).
    CommandModels.standardHelpOptions(spec, CommandLine.ScopeType.LOCAL);
    root.spec = spec;
    return spec;
  }

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
    return configure(COMMANDS, CliInjection.standard(), List.of());
  }

  /**
   * The command line for {@code args}: with only the subcommand they name when they name one (the
   * rest of the model is never built), else with every subcommand (help, errors, suggestions).
   */
  static CommandLine commandLine(String... args) {
    return configure(commandsFor(args), CliInjection.standard(), List.of(args));
  }

  /**
   * As {@link #commandLine(String...)}, with the services commands ask for from {@code injector}
   * (made on first need only): tests run the CLI on {@code Modules.override(new CliModule())}.
   */
  public static CommandLine commandLine(
      java.util.function.Supplier<com.google.inject.Injector> injector, String... args) {
    return configure(commandsFor(args), new CliInjection(injector), List.of(args));
  }

  private static CommandLine configure(
      List<Class<?>> commands, CliInjection injection, List<String> args) {
    // picocli's DefaultFactory still serves some static helpers (version providers); this keeps it
    // from looking for Groovy's Closure class, a miss that opens every jar (CliFactory says why).
    System.setProperty("picocli.disable.closures", "true");
    CliFactory factory = new CliFactory();
    CommandLine cl = new CommandLine(model(), factory);
    for (Class<?> c : commands) {
      cl.addSubcommand(subcommand(c, factory, args));
    }
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(new ErrorHandler());
    cl.setExecutionStrategy(new Execution(injection));
    return cl;
  }

  /** The model of subcommand {@code c}: built in code for the offline ones, else annotated. */
  private static CommandLine subcommand(Class<?> c, CliFactory factory, List<String> args) {
    if (c == ValidateCommand.class) {
      return new CommandLine(ValidateCommand.model(), factory);
    }
    if (c == EstimateCommand.class) {
      return new CommandLine(EstimateCommand.model(), factory);
    }
    if (c == PlanCommand.class) {
      return new CommandLine(PlanCommand.model(), factory);
    }
    if (c == CatalogCommand.class) {
      int at = args.indexOf("catalog");
      boolean refresh = at < 0 || !CatalogCommand.ownOptionsOnly(args.subList(at + 1, args.size()));
      return new CommandLine(CatalogCommand.model(factory, refresh), factory);
    }
    return withHelpOptions(new CommandLine(c, factory));
  }

  /**
   * What the root's {@code mixinStandardHelpOptions} with scope INHERIT gave every annotated
   * command and its own subcommands: -h/--help and -V/--version.
   */
  private static CommandLine withHelpOptions(CommandLine command) {
    command.getCommandSpec().mixinStandardHelpOptions(true);
    for (CommandLine sub : command.getSubcommands().values()) {
      withHelpOptions(sub);
    }
    return command;
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
      if (IN_CODE.containsKey(a)) {
        return List.of(IN_CODE.get(a)); // no annotation read
      }
      for (Class<?> c : COMMANDS) {
        if (IN_CODE.containsValue(c)) {
          continue; // not named by its first word above, and it has no annotation
        }
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
