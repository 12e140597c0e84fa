package io.nestlab.samples.cli;

import io.nestlab.catalog.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Work an offline command will need, started on other threads by {@link NestLabCli#main} while the
 * main thread builds picocli's model of the command (docs/design/0150, 0200): the embedded catalog
 * for {@code estimate}, {@code plan} and {@code catalog} ({@code nestlab-catalog}), and a {@link
 * Warmup} of the lab-file reader, the rules and the planner for {@code validate}, {@code estimate}
 * and {@code plan} ({@code nestlab-warmup}). On a machine with a free core that takes their time
 * off the wall clock; the results are the same either way, as the main thread waits for the catalog
 * and the JVM makes a thread that needs a class wait for its initialization. A failure here is
 * ignored: the main thread meets it again and reports it. {@code NESTLAB_PRELOAD=off} turns both
 * off.
 */
final class Preload {
  private static final Set<String> CATALOG = Set.of("estimate", "plan", "catalog");
  private static final Set<String> LAB_FILE = Set.of("estimate", "plan", "validate");

  private static volatile FutureTask<Catalog> catalog;

  private Preload() {}

  /** Starts the preloading the command {@code args} name needs, if any. */
  static void start(String... args) {
    String command = null;
    for (String a : args) {
      if (!a.startsWith("-")) {
        command = a;
        break;
      }
    }
    if (command == null || "off".equals(System.getenv("NESTLAB_PRELOAD"))) {
      return; // --version, --help: nothing to read; NESTLAB_PRELOAD=off: one thread (to compare)
    }
    boolean lab = LAB_FILE.contains(command) && Runtime.getRuntime().availableProcessors() > 1;
    boolean plans = !command.equals("validate") && !command.equals("catalog");
    if (CATALOG.contains(command)) {
      catalog = new FutureTask<>(new Embedded());
    }
    if (catalog != null || lab) {
      boolean xt = !"0".equals(System.getenv("NESTLAB_X_TABLES"));
      daemon(new Tables(xt && lab, catalog, xt && lab && plans), "nestlab-catalog");
    }
    // On one core the warm-up would only add its work to the command's.
    if (lab) {
      List<String> words = List.of(args);
      List<FutureTask<?>> files =
          new ArrayList<>(
              "0".equals(System.getenv("NESTLAB_X_AHEAD"))
                  ? List.of()
                  : LabsAhead.register(words.subList(words.indexOf(command) + 1, words.size())));
      daemon(
          new Warmup(files, plans && !"0".equals(System.getenv("NESTLAB_X_WARMPLAN"))),
          "nestlab-warmup");
    }
  }

  private static void daemon(Runnable work, String name) {
    Thread t = new Thread(work, name);
    t.setDaemon(true);
    t.start();
  }

  /** The embedded catalog: the preloaded one when it was started, else read now. */
  static Catalog embeddedCatalog() {
    FutureTask<Catalog> task = catalog;
    if (task != null) {
      try {
        return task.get();
      } catch (ExecutionException e) {
        // Read it again below, so the failure is reported where it always was.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return Catalog.embedded();
  }

  /**
   * The tables the command reads, in the order it needs them: the vSphere knowledge (validation),
   * the embedded catalog, the ESXi CPU table (planning). Each is read once per JVM by its class's
   * initialization, which a thread that needs it waits for.
   */
  private record Tables(boolean knowledge, FutureTask<Catalog> catalog, boolean cpus)
      implements Runnable {
    @Override
    public void run() {
      if (knowledge) {
        initialize("io.nestlab.spec.VsphereKnowledge");
      }
      if (catalog != null) {
        catalog.run();
      }
      if (cpus) {
        initialize("io.nestlab.spec.EsxiCpus");
      }
    }

    private static void initialize(String name) {
      try {
        Class.forName(name, true, Preload.class.getClassLoader());
      } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
        // the main thread meets it again and reports it
      }
    }
  }

  /** A class, not {@code Catalog::embedded}: linking a method reference costs ~3 ms at start. */
  private static final class Embedded implements Callable<Catalog> {
    @Override
    public Catalog call() {
      return Catalog.embedded();
    }
  }
}
