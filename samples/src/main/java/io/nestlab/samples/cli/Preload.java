package io.nestlab.samples.cli;

import io.nestlab.catalog.Catalog;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Work an offline command will need, started on a second thread by {@link NestLabCli#main} while
 * the main thread builds picocli's model of the command (docs/design/0150): the embedded catalog
 * for {@code estimate}, {@code plan} and {@code catalog}, and the lab-file reader's classes (the
 * plain YAML reader, the vSphere knowledge table) for {@code validate}, {@code estimate} and {@code
 * plan}. On a machine with a free core that takes their time off the wall clock; the results are
 * the same either way, as the main thread waits for the catalog and the JVM makes a thread that
 * needs a class wait for its initialization. A failure here is ignored: the main thread meets it
 * again and reports it. {@code NESTLAB_PRELOAD=off} turns it off.
 */
final class Preload {
  private static final Set<String> CATALOG = Set.of("estimate", "plan", "catalog");
  private static final Set<String> LAB_FILE = Set.of("estimate", "plan", "validate");

  /** Classes whose static initialization reads or builds what a lab file's reading needs. */
  private static final String[] LAB_FILE_CLASSES = {
    "io.nestlab.spec.VsphereKnowledge", "io.nestlab.spec.PlainYaml", "io.nestlab.spec.SpecValidator"
  };

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
    boolean needsCatalog = CATALOG.contains(command);
    boolean needsLabFile = LAB_FILE.contains(command);
    if (!needsCatalog && !needsLabFile) {
      return;
    }
    FutureTask<Catalog> task = needsCatalog ? new FutureTask<>(new Embedded()) : null;
    catalog = task;
    Thread t = new Thread(new Work(task, needsLabFile), "nestlab-preload");
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

  /** A class, not {@code Catalog::embedded}: linking a method reference costs ~3 ms at start. */
  private static final class Embedded implements Callable<Catalog> {
    @Override
    public Catalog call() {
      return Catalog.embedded();
    }
  }

  private record Work(FutureTask<Catalog> catalog, boolean labFile) implements Runnable {
    @Override
    public void run() {
      if (catalog != null) {
        catalog.run();
      }
      if (labFile) {
        ClassLoader loader = Preload.class.getClassLoader();
        for (String name : LAB_FILE_CLASSES) {
          try {
            Class.forName(name, true, loader);
          } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
            return; // the main thread meets it again and reports it
          }
        }
      }
    }
  }
}
