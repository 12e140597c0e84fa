package io.nestlab.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.nestlab.cost.CostReport;
import io.nestlab.cost.MeterState;
import io.nestlab.cost.Money;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** How a class's labs are closed: in reverse, every one even when one fails. */
class ClassLabsTest {
  private static LabHandle handle(String id, String usd) {
    LabHandle h = mock(LabHandle.class);
    when(h.labId()).thenReturn(id);
    when(h.destroysOnClose()).thenReturn(true);
    Money m = Money.usd(usd);
    when(h.cost())
        .thenReturn(
            new CostReport(
                Instant.EPOCH,
                m,
                m,
                Money.ZERO,
                Money.ZERO,
                Money.ZERO,
                MeterState.values()[0],
                Duration.ZERO,
                Duration.ZERO));
    return h;
  }

  @Test
  void closesInReverseOrderAndReportsEachCost() {
    LabHandle first = handle("lab-a", "0.01");
    LabHandle second = handle("lab-b", "0.02");
    ClassLabs labs = new ClassLabs();
    labs.add(first);
    labs.add(second);

    labs.close();

    InOrder order = inOrder(first, second);
    order.verify(second).close();
    order.verify(first).close();
    assertEquals(
        "USD 0.0300 accrued: lab-b USD 0.0200; lab-a USD 0.0100", labs.report().orElseThrow());
  }

  @Test
  void aFailingDestroyDoesNotKeepTheOthersAlive() {
    LabHandle first = handle("lab-a", "0.01");
    LabHandle second = handle("lab-b", "0.02");
    RuntimeException boom = new RuntimeException("destroy timed out");
    doThrow(boom).when(second).close();
    ClassLabs labs = new ClassLabs();
    labs.add(first);
    labs.add(second);

    RuntimeException thrown = assertThrows(RuntimeException.class, labs::close);

    assertSame(boom, thrown);
    InOrder order = inOrder(first, second);
    order.verify(second).close();
    order.verify(first).close();
    assertTrue(labs.report().orElseThrow().contains("lab-a"));
  }

  @Test
  void perTestLabsAreSummedAfterTheirTest() {
    ClassLabs labs = new ClassLabs();
    TestLabs test = new TestLabs(labs);
    LabHandle a = handle("t-1", "0.001");
    LabHandle b = handle("t-2", "0.002");
    test.add(a);
    test.add(b);

    test.close();

    InOrder order = inOrder(a, b);
    order.verify(b).close();
    order.verify(a).close();
    assertEquals("USD 0.0030 accrued: 2 per-test labs USD 0.0030", labs.report().orElseThrow());
  }
}
