package io.nestlab.fake.internal;

import java.util.function.Function;

/** The fake cloud in this JVM's memory. */
public final class MemoryCloudStore implements CloudStore {
  private final CloudData data = new CloudData();

  @Override
  public synchronized <T> T apply(Function<CloudData, T> op) {
    return op.apply(data);
  }

  @Override
  public String describe() {
    return "memory";
  }
}
