package io.nestlab.fake.internal;

import java.util.function.Function;

/** One call into the fake cloud: latency, faults, then {@code body} on its data, atomically. */
@FunctionalInterface
public interface CloudCall {
  <T> T call(String op, Function<CloudData, T> body);
}
