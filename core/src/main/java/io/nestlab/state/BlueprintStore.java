package io.nestlab.state;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where blueprint records are kept on this side (docs/design/0131). The clouds' tags are the other
 * half: a blueprint is found by its tags even where no record is kept.
 */
public interface BlueprintStore {
  /** Every blueprint, by name. */
  List<Blueprint> list();

  Optional<Blueprint> find(String name);

  /** Writes {@code blueprint}, replacing one of the same name. */
  void save(Blueprint blueprint);

  /** Forgets the blueprint; nothing when there is none. */
  void remove(String name);

  /** For messages. */
  String location();

  /**
   * The store next to {@code labs}: {@code blueprints} beside a directory store's root (by default
   * {@code ~/.nestlab/blueprints}); for another store (PostgreSQL) the default directory, since
   * blueprint records are personal and the clouds' tags are shared.
   */
  static BlueprintStore beside(LabStore labs) {
    Path root =
        labs instanceof FileLabStore
            ? Path.of(labs.location()).toAbsolutePath().resolveSibling("blueprints")
            : FileLabStore.defaultRoot().resolveSibling("blueprints");
    return FileBlueprintStore.at(root);
  }
}
