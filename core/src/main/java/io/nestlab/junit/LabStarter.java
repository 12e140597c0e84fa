package io.nestlab.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Starts the labs of several {@code @Lab} fields at once, one thread each, since a lab takes
 * minutes to come up on a real cloud. When one cannot be started, the others are still waited for
 * and then closed, and the first failure (in field order) is thrown, so nothing is left running.
 */
final class LabStarter {
  private LabStarter() {}

  static <R, H extends AutoCloseable> List<H> startAll(List<R> requests, Function<R, H> start) {
    return startAll(requests, start, r -> true);
  }

  /**
   * As {@link #startAll(List, Function)}; on failure only the labs whose request {@code owned}
   * accepts are closed (a lab shared by the run belongs to the run, not to this class).
   */
  static <R, H extends AutoCloseable> List<H> startAll(
      List<R> requests, Function<R, H> start, Predicate<R> owned) {
    if (requests.size() <= 1) {
      return requests.stream().map(start).toList();
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            requests.size(),
            r -> {
              Thread t = new Thread(r, "nestlab-lab-start");
              t.setDaemon(true);
              t.setContextClassLoader(loader);
              return t;
            });
    try {
      List<Future<H>> futures = new ArrayList<>();
      for (R request : requests) {
        futures.add(pool.submit(() -> start.apply(request)));
      }
      List<H> all = new ArrayList<>();
      List<H> started = new ArrayList<>();
      Throwable failure = null;
      for (int i = 0; i < futures.size(); i++) {
        try {
          H h = futures.get(i).get();
          all.add(h);
          if (owned.test(requests.get(i))) {
            started.add(h);
          }
        } catch (ExecutionException e) {
          failure = first(failure, e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failure = first(failure, e);
        }
      }
      if (failure == null) {
        return all;
      }
      for (H h : started) {
        try {
          h.close();
        } catch (Exception e) {
          failure.addSuppressed(e);
        }
      }
      throw rethrow(failure);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Throwable first(Throwable failure, Throwable next) {
    if (failure == null) {
      return next;
    }
    failure.addSuppressed(next);
    return failure;
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException("a lab could not be started: " + t.getMessage(), t);
  }
}
