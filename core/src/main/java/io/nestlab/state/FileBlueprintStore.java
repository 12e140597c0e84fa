package io.nestlab.state;

import io.nestlab.internal.io.AtomicFiles;
import io.nestlab.internal.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Blueprint records as {@code NAME.json} files in one private directory. */
public final class FileBlueprintStore implements BlueprintStore {
  /** A blueprint name: what both clouds accept in a tag value, with room for {@code bp-}. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,59}");

  private final Path root;

  private FileBlueprintStore(Path root) {
    this.root = root;
  }

  public static FileBlueprintStore at(Path root) {
    return new FileBlueprintStore(root);
  }

  @Override
  public List<Blueprint> list() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Blueprint> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(root)) {
      for (Path f : files.sorted().toList()) {
        String n = f.getFileName().toString();
        if (n.endsWith(".json") && NAME.matcher(n.substring(0, n.length() - 5)).matches()) {
          read(f).ifPresent(all::add);
        }
      }
    } catch (IOException e) {
      throw new LabStateException("cannot list blueprints in " + root + ": " + e.getMessage(), e);
    }
    return all;
  }

  @Override
  public Optional<Blueprint> find(String name) {
    requireName(name);
    return read(root.resolve(name + ".json"));
  }

  @Override
  public void save(Blueprint blueprint) {
    requireName(blueprint.name());
    try {
      AtomicFiles.createPrivateDirectories(root);
      AtomicFiles.write(
          root.resolve(blueprint.name() + ".json"), Json.mapper().writeValueAsString(blueprint));
    } catch (IOException e) {
      throw new LabStateException(
          "cannot write blueprint " + blueprint.name() + " in " + root + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void remove(String name) {
    requireName(name);
    try {
      Files.deleteIfExists(root.resolve(name + ".json"));
    } catch (IOException e) {
      throw new LabStateException(
          "cannot remove blueprint " + name + " from " + root + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String location() {
    return root.toString();
  }

  /**
   * Fails naming the rule when {@code name} is not a valid blueprint name: bad input, like a bad
   * lab id, not a state problem (docs/design/0185).
   */
  public static void requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new io.nestlab.InvalidSpecException(
          "blueprint name",
          List.of(
              io.nestlab.Problem.of(
                  "blueprint",
                  "'"
                      + name
                      + "' is not a blueprint name: use 1 to 60 lowercase letters, digits and"
                      + " '-', starting with a letter or digit (for example base-8u3)")));
    }
  }

  private static Optional<Blueprint> read(Path f) {
    try {
      return Optional.of(Json.mapper().readValue(Files.readString(f), Blueprint.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new LabStateException(
          "cannot read blueprint record " + f + ": " + e.getMessage() + "; fix or delete the file",
          e);
    }
  }
}
