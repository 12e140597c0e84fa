package io.nestlab.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class LabStarterTest {
  /** A started lab: remembers being closed. */
  static final class Started implements AutoCloseable {
    final String name;
    final List<String> closed;

    Started(String name, List<String> closed) {
      this.name = name;
      this.closed = closed;
    }

    @Override
    public void close() {
      closed.add(name);
    }
  }

  @Test
  void severalLabsAreStartedAtTheSameTime() {
    // Each start waits for the other: started one after the other, the first would wait in vain.
    CyclicBarrier bothStarting = new CyclicBarrier(2);
    List<String> closed = new CopyOnWriteArrayList<>();

    List<Started> labs =
        LabStarter.startAll(
            List.of("a", "b"),
            name -> {
              try {
                bothStarting.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("started alone: " + name, e);
              }
              return new Started(name, closed);
            });

    assertEquals(List.of("a", "b"), labs.stream().map(s -> s.name).toList(), "in field order");
    assertEquals(List.of(), closed);
  }

  @Test
  void whenOneCannotStartTheOthersAreClosedAndItsFailureIsThrown() {
    List<String> closed = new CopyOnWriteArrayList<>();
    IllegalArgumentException refused = new IllegalArgumentException("b refused");

    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                LabStarter.startAll(
                    List.of("a", "b", "c"),
                    name -> {
                      if (name.equals("b")) {
                        throw refused;
                      }
                      return new Started(name, closed);
                    }));

    assertSame(refused, thrown);
    assertEquals(2, closed.size(), closed.toString());
    assertTrue(closed.containsAll(List.of("a", "c")), closed.toString());
  }

  @Test
  void aLabTheCallerDoesNotOwnIsLeftOpenWhenAnotherFails() {
    List<String> closed = new CopyOnWriteArrayList<>();

    assertThrows(
        IllegalStateException.class,
        () ->
            LabStarter.startAll(
                List.of("mine", "the-runs", "broken"),
                name -> {
                  if (name.equals("broken")) {
                    throw new IllegalStateException("broken");
                  }
                  return new Started(name, closed);
                },
                name -> !name.equals("the-runs")));

    assertEquals(List.of("mine"), closed);
  }

  @Test
  void oneLabStartsOnTheCallersThread() {
    Thread caller = Thread.currentThread();

    LabStarter.startAll(
        List.of("a"),
        name -> {
          assertSame(caller, Thread.currentThread());
          return new Started(name, List.of());
        });
  }
}
