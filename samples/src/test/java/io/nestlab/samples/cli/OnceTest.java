package io.nestlab.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OnceTest {
  @Test
  void theWorkRunsOnceAndAWaiterGetsItsValue() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Once<String> once =
        new Once<>(
            () -> {
              calls.incrementAndGet();
              started.countDown();
              release.await();
              return "made";
            });
    Thread maker = new Thread(once);
    maker.start();
    started.await();
    once.run(); // already started elsewhere: does nothing, does not block
    AtomicReference<Object> waited = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                waited.set(once.get());
              } catch (Exception e) {
                waited.set(e);
              }
            });
    waiter.start();
    release.countDown();
    maker.join();
    waiter.join();
    assertEquals("made", waited.get());
    assertEquals("made", once.get());
    assertEquals(1, calls.get());
  }

  @Test
  void whatTheWorkThrowsComesBackFromGet() {
    IllegalStateException boom = new IllegalStateException("boom");
    Once<String> once =
        new Once<>(
            () -> {
              throw boom;
            });
    once.run();
    ExecutionException e = assertThrows(ExecutionException.class, once::get);
    assertSame(boom, e.getCause());
  }
}
