package io.nestlab.samples.cli;

import io.nestlab.catalog.Catalog;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * Work an offline command will need, started on other threads by {@link NestLabCli#main} while the
 * main thread builds picocli's model of the command (docs/design/0150, 0200): the embedded catalog
 * for {@code estimate}, {@code plan} and {@code catalog} ({@code nestlab-catalog}), and the lab
 * files of {@code validate}, {@code estimate} and {@code plan}, read and validated ahead ({@link
 * LabsAhead}, {@code nestlab-lab-files}). On a machine with a free core that takes their time off
 * the wall clock; the results are the same either way, as the main thread waits for them, or does
 * the work itself when it was not done ahead. A failure here is ignored: the main thread meets it
 * again and reports it. {@code NESTLAB_PRELOAD=off} turns both off.
 */
final class Preload {
  private static final Set<String> CATALOG = Set.of("estimate", "plan", "catalog");
  private static final Set<String> LAB_FILE = Set.of("estimate", "plan", "validate");

  private static volatile Once<Catalog> catalog;

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
    if (CATALOG.contains(command)) {
      Once<Catalog> task = new Once<>(new Embedded(!command.equals("catalog")));
      catalog = task;
      daemon(task, "nestlab-catalog");
    }
    // On one core, reading ahead would only compete with the main thread.
    if (LAB_FILE.contains(command) && Runtime.getRuntime().availableProcessors() > 1) {
      List<String> words = List.of(args);
      daemon(
          new ReadAhead(
              LabsAhead.register(words.subList(words.indexOf(command) + 1, words.size()))),
          "nestlab-lab-files");
    }
  }

  private static void daemon(Runnable work, String name) {
    Thread t = new Thread(work, name);
    t.setDaemon(true);
    t.start();
  }

  /** The embedded catalog: the preloaded one when it was started, else read now. */
  static Catalog embeddedCatalog() {
    Once<Catalog> task = catalog;
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
   * The embedded catalog; for a command that plans, first the vSphere knowledge table (which the
   * lab files' validation, on the other thread, reads next) and then the ESXi CPU table (which the
   * planner reads). Each table is read by its class's initialization, which a thread that needs it
   * waits for. A class, not {@code Catalog::embedded}: linking a method reference costs ~3 ms at
   * start.
   */
  private static final class Embedded implements Callable<Catalog> {
    private final boolean plans;

    Embedded(boolean plans) {
      this.plans = plans;
    }

    @Override
    public Catalog call() {
      if (plans) {
        initialize("io.nestlab.spec.VsphereKnowledge"); // the lab files' validation needs it
      }
      Catalog c = Catalog.embedded();
      if (plans) {
        initialize("io.nestlab.spec.EsxiCpus");
      }
      return c;
    }

    private static void initialize(String name) {
      try {
        Class.forName(name, true, Preload.class.getClassLoader());
      } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
        // the main thread meets it again and reports it
      }
    }
  }

  /** Reads the command's lab files, in the order given. */
  private record ReadAhead(List<? extends Runnable> files) implements Runnable {
    @Override
    public void run() {
      for (Runnable f : files) {
        f.run();
      }
    }
  }
}
