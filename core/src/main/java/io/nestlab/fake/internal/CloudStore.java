package io.nestlab.fake.internal;

import java.util.function.Function;

/** Where the fake cloud's data lives. Every operation reads, changes and writes it atomically. */
public interface CloudStore {
  /** Runs {@code op} with exclusive access to the data; its changes are kept. */
  <T> T apply(Function<CloudData, T> op);

  /** A description for messages: "memory" or the directory. */
  String describe();
}
