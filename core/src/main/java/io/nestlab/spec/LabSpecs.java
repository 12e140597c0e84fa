package io.nestlab.spec;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads and writes lab files (YAML or JSON, same fields).
 *
 * <p>{@link #read} and {@link #parse} return only valid specs: they check the syntax, the keys and
 * types, and then every rule of {@link SpecValidator}, and throw one {@link InvalidSpecException}
 * listing all problems, each with its path and (from a file) line:column. {@link #parseUnvalidated}
 * stops after keys and types, for tools that want to show a spec that is not yet valid.
 */
public final class LabSpecs {
  /** The largest lab file {@link #read} accepts. */
  static final int MAX_FILE_BYTES = 1024 * 1024;

  /**
   * The most problems one exception lists; the rest are counted in a last problem. A lab with
   * thousands of broken guests would otherwise print megabytes nobody reads.
   */
  static final int MAX_PROBLEMS = 100;

  private LabSpecs() {}

  /**
   * Reads and validates a lab file; {@code .json} files are JSON, others YAML.
   *
   * @throws InvalidSpecException when the file cannot be read or the lab is not valid; a missing or
   *     unreadable file is reported as a problem too
   */
  public static LabSpec read(Path file) {
    return parse(readText(file), file.toString());
  }

  /**
   * The text of a lab file, as {@link #read(Path)} reads it before parsing it.
   *
   * @throws InvalidSpecException when the file is missing, a directory, too large, unreadable or
   *     not UTF-8
   */
  public static String readText(Path file) {
    String source = file.toString();
    String text;
    try {
      if (Files.isDirectory(file)) {
        throw fail(source, "is a directory; give the path of a lab file (.yaml or .json)");
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      }
      if (bytes.length > MAX_FILE_BYTES) {
        throw fail(
            source,
            "is larger than "
                + MAX_FILE_BYTES / 1024
                + " KiB; a lab file is a few dozen lines: is this the right file?");
      }
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (NoSuchFileException e) {
      throw fail(source, "no such file; check the path");
    } catch (AccessDeniedException e) {
      throw fail(source, "cannot be read: permission denied");
    } catch (CharacterCodingException e) {
      throw fail(source, "is not UTF-8 text; save the lab file as UTF-8");
    } catch (IOException e) {
      throw fail(source, "cannot be read: " + e.getMessage());
    }
    return text;
  }

  /**
   * Parses and validates lab text.
   *
   * @param sourceName the file name the text came from (its extension picks the format), used in
   *     messages
   * @throws InvalidSpecException listing every problem
   */
  public static LabSpec parse(String text, String sourceName) {
    List<Problem> problems = new ArrayList<>();
    Binder binder = new Binder(problems);
    LabSpec spec = bind(text, sourceName, binder);
    if (spec != null) {
      for (Problem p : SpecValidator.validate(spec)) {
        if (!covered(p.path(), binder)) {
          problems.add(binder.located(p.path(), p.message()));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(sourceName, sorted(problems));
    }
    return spec;
  }

  /**
   * Parses lab text, checking syntax, keys and types but not the lab's rules.
   *
   * @throws InvalidSpecException when the text is not a readable lab file
   */
  public static LabSpec parseUnvalidated(String text, String sourceName) {
    List<Problem> problems = new ArrayList<>();
    LabSpec spec = bind(text, sourceName, new Binder(problems));
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(sourceName, sorted(problems));
    }
    return spec;
  }

  /**
   * {@code problems} found in the lab of {@code text} by checks outside the spec's own rules (the
   * catalog's, for example), each placed at the line and column of its path in the file, or of the
   * nearest enclosing path, as the spec's own problems are. A problem that has a line keeps it.
   */
  public static List<Problem> locate(String text, String sourceName, List<Problem> problems) {
    Binder binder = new Binder(new ArrayList<>());
    bind(text, sourceName, binder);
    List<Problem> out = new ArrayList<>(problems.size());
    for (Problem p : problems) {
      out.add(p.line() > 0 ? p : binder.located(p.path(), p.message()));
    }
    return out;
  }

  /** The spec as file text with every field spelled out; reading it back gives an equal spec. */
  public static String write(LabSpec spec, SpecFormat format) {
    return SpecWriter.write(spec, format);
  }

  /** Writes the spec to {@code file}, in the format its extension names. */
  public static void write(LabSpec spec, Path file) throws IOException {
    Files.writeString(file, write(spec, SpecFormat.ofFileName(file.toString())));
  }

  private static LabSpec bind(String text, String sourceName, Binder binder) {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // a byte-order mark some Windows editors write
    }
    Node root = new TreeReader(binder.problems).read(text, detect(text, sourceName));
    if (root == null) {
      return null;
    }
    try {
      return binder.bind(root);
    } catch (RuntimeException e) {
      // The model's own checks (for example a null in a list) must still read as a problem.
      binder.problems.add(Problem.of("", "cannot build the lab: " + e.getMessage()));
      return null;
    }
  }

  /**
   * JSON for {@code .json}; YAML for {@code .yaml}/{@code .yml}; otherwise by the first character.
   */
  private static SpecFormat detect(String text, String sourceName) {
    String name = sourceName == null ? "" : sourceName.toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".json")) {
      return SpecFormat.JSON;
    }
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return SpecFormat.YAML;
    }
    return text.stripLeading().startsWith("{") ? SpecFormat.JSON : SpecFormat.YAML;
  }

  /** Whether a reading problem was already reported at {@code path} or a path around it. */
  private static boolean covered(String path, Binder binder) {
    for (String bad : binder.badPaths) {
      if (path.equals(bad)
          || path.startsWith(bad + ".")
          || path.startsWith(bad + "[")
          || bad.startsWith(path + ".")
          || bad.startsWith(path + "[")) {
        return true;
      }
    }
    return false;
  }

  /** In file order, at most {@link #MAX_PROBLEMS} and then one saying how many more there are. */
  private static List<Problem> sorted(List<Problem> problems) {
    List<Problem> out = new ArrayList<>(problems);
    out.sort(
        Comparator.comparingInt((Problem p) -> p.line() == 0 ? Integer.MAX_VALUE : p.line())
            .thenComparingInt(Problem::column));
    return capped(out);
  }

  /** The first {@link #MAX_PROBLEMS} problems and, when there are more, one that counts them. */
  static List<Problem> capped(List<Problem> problems) {
    if (problems.size() <= MAX_PROBLEMS) {
      return problems;
    }
    int more = problems.size() - MAX_PROBLEMS;
    List<Problem> out = new ArrayList<>(problems.subList(0, MAX_PROBLEMS));
    out.add(
        Problem.of(
            "",
            "and "
                + more
                + " more problems like these, not listed; fix the ones above and check again"));
    return out;
  }

  private static InvalidSpecException fail(String source, String message) {
    return new InvalidSpecException(source, List.of(Problem.of("", message)));
  }
}
