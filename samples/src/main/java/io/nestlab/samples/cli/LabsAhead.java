package io.nestlab.samples.cli;

import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Lab files read and validated on a second thread ({@link Preload}) while the main thread still
 * builds the command line (docs/design/0200). Parsing is a function of the file's text and name
 * alone, so the main thread reads the file itself and takes the result made ahead only when it was
 * made from the very same text; otherwise it parses its own. Only regular files are read ahead
 * (never a pipe or a device, whose content the main thread must get), and only the words of the
 * command line that name one.
 */
final class LabsAhead {
  /** What was made ahead of one file: its text and the lab, or the failure reading it. */
  private record Ahead(String text, LabSpec lab, RuntimeException failure) {}

  private static final Map<String, Once<Ahead>> AHEAD = new ConcurrentHashMap<>();

  private LabsAhead() {}

  /**
   * Registers {@code words} (the command line after the command's name) as files to read ahead, on
   * the calling thread, and returns the work to run on another.
   */
  static List<Once<Ahead>> register(List<String> words) {
    List<Once<Ahead>> tasks = new ArrayList<>();
    for (String w : words) {
      Path file;
      try {
        file = w.startsWith("-") ? null : Path.of(w);
      } catch (InvalidPathException e) {
        file = null;
      }
      if (file == null || AHEAD.containsKey(file.toString())) {
        continue;
      }
      // Keyed as the command's own Path prints, so "a//lab.yaml" meets "a/lab.yaml".
      Once<Ahead> task = new Once<>(new Reading(file));
      AHEAD.put(file.toString(), task);
      tasks.add(task);
    }
    return tasks;
  }

  /** {@link LabSpecs#read(Path)}, with the work done ahead when it read the same text. */
  static LabSpec read(Path file) {
    Once<Ahead> task = AHEAD.get(file.toString());
    if (task == null) {
      return LabSpecs.read(file);
    }
    String text = LabSpecs.readText(file);
    Ahead ahead = result(task);
    if (ahead == null || ahead.text() == null || !ahead.text().equals(text)) {
      return LabSpecs.parse(text, file.toString()); // not read ahead, or changed since
    }
    if (ahead.failure() != null) {
      throw ahead.failure();
    }
    return ahead.lab();
  }

  private static Ahead result(Once<Ahead> task) {
    task.run(); // not started yet: run it here rather than wait for the warm-up thread
    try {
      return task.get();
    } catch (ExecutionException e) {
      return null; // only an unexpected error: the main thread parses the file itself
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Reads one path as a lab file, if it names a regular file. */
  private static final class Reading implements Callable<Ahead> {
    private final Path file;

    Reading(Path file) {
      this.file = file;
    }

    @Override
    public Ahead call() {
      if (!Files.isRegularFile(file)) {
        return new Ahead(null, null, null);
      }
      String text;
      try {
        text = LabSpecs.readText(file);
      } catch (RuntimeException e) {
        return new Ahead(null, null, null); // the main thread reports it when it reads the file
      }
      try {
        return new Ahead(text, LabSpecs.parse(text, file.toString()), null);
      } catch (RuntimeException e) {
        return new Ahead(text, null, e);
      }
    }
  }
}
