package io.nestlab.samples.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * A value made once, by whichever thread runs it first; {@link #get} waits for it. What {@code
 * FutureTask} does for {@link Preload}, with a monitor instead of {@code FutureTask}'s VarHandles:
 * linking those took ~7 method-handle linkages at every start (docs/design/0200).
 */
final class Once<T> implements Runnable {
  private final Callable<T> work;
  private boolean started;
  private boolean done;
  private T value;
  private Throwable failure;

  Once(Callable<T> work) {
    this.work = work;
  }

  /** Makes the value, unless another thread started making it already. */
  @Override
  public void run() {
    synchronized (this) {
      if (started) {
        return;
      }
      started = true;
    }
    T v = null;
    Throwable f = null;
    try {
      v = work.call();
    } catch (Throwable t) { // as FutureTask: whatever the work throws goes to get()
      f = t;
    }
    synchronized (this) {
      value = v;
      failure = f;
      done = true;
      notifyAll();
    }
  }

  /**
   * The value, once made.
   *
   * @throws ExecutionException with what making it threw
   */
  synchronized T get() throws ExecutionException, InterruptedException {
    while (!done) {
      wait();
    }
    if (failure != null) {
      throw new ExecutionException(failure);
    }
    return value;
  }
}
