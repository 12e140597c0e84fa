package io.nestlab.state;

import io.nestlab.state.internal.pg.PgUrl;
import java.nio.file.Path;

/**
 * Picks a {@link LabStore} from an address, as {@code --state} and {@code NESTLAB_STATE_URL} give
 * it: {@code postgresql://...} (also {@code postgres://}, {@code jdbc:postgresql://}) is the shared
 * {@link PostgresLabStore}; anything else is a directory for the {@link FileLabStore}.
 */
public final class LabStores {
  /** The environment variable naming the state store when {@code --state} is not given. */
  public static final String ENV = "NESTLAB_STATE_URL";

  private LabStores() {}

  /** The store at {@code address}; a PostgreSQL one is connected and migrated. */
  public static LabStore open(String address) {
    if (address == null || address.isBlank()) {
      throw new StateAddressException(
          "the state address is empty; give a directory or postgresql://USER@HOST:PORT/DATABASE");
    }
    if (isPostgres(address)) {
      return PostgresLabStore.open(address);
    }
    if (address.contains("://")) {
      throw new StateAddressException(
          "the state address has a scheme NestLab does not know; give a directory or"
              + " postgresql://USER@HOST:PORT/DATABASE");
    }
    return FileLabStore.at(Path.of(address));
  }

  /** Whether {@code address} names a PostgreSQL database. */
  public static boolean isPostgres(String address) {
    return PgUrl.looksLikeOne(address);
  }
}
