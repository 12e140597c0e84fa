package io.nestlab.junit;

import io.nestlab.cost.CostReport;
import io.nestlab.cost.Money;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The labs of one test class: its class-scoped handles, closed after all its tests, and the cost of
 * every lab its tests used, for the class's report entry.
 */
final class ClassLabs implements AutoCloseable {
  private final List<LabHandle> handles = new ArrayList<>();
  private final List<LabHandle> shared = new ArrayList<>();
  private final List<String> lines = new ArrayList<>();
  private Money total = Money.ZERO;
  private int perTest;
  private Money perTestTotal = Money.ZERO;

  /** The labs not closed yet, in the order they were added, then the run's shared ones. */
  synchronized List<LabHandle> open() {
    List<LabHandle> all = new ArrayList<>(handles);
    all.addAll(shared);
    return List.copyOf(all);
  }

  /** A lab shared by the run that this class used: reported with the class, closed by the run. */
  synchronized void addShared(LabHandle handle) {
    if (!shared.contains(handle)) {
      shared.add(handle);
    }
  }

  synchronized void add(LabHandle handle) {
    handles.add(handle);
  }

  /** A per-test lab's cost, once the lab is closed. */
  synchronized void addTestLab(LabHandle handle) {
    Money cost = handle.cost().accrued();
    perTest++;
    perTestTotal = perTestTotal.plus(cost);
    total = total.plus(cost);
  }

  /** Closes the class's labs in reverse order; the first failure is thrown after all tried. */
  @Override
  public void close() {
    List<LabHandle> toClose;
    synchronized (this) {
      toClose = new ArrayList<>(handles);
      handles.clear();
    }
    RuntimeException failure = null;
    for (int i = toClose.size() - 1; i >= 0; i--) {
      LabHandle h = toClose.get(i);
      try {
        h.close();
        record(h);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    List<LabHandle> sharedLabs;
    synchronized (this) {
      sharedLabs = List.copyOf(shared);
      shared.clear();
    }
    for (LabHandle h : sharedLabs) {
      synchronized (this) {
        lines.add(
            h.labId()
                + " "
                + usd(h.cost().accrued())
                + " so far (shared by the run, not in the total)");
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private synchronized void record(LabHandle h) {
    CostReport cost = h.cost();
    total = total.plus(cost.accrued());
    lines.add(
        h.labId()
            + " "
            + usd(cost.accrued())
            + (h.destroysOnClose() ? "" : " so far (kept for reuse)"));
  }

  /** "USD 0.0123 accrued: lab-a USD 0.01; 2 per-test labs USD 0.0023", or empty without labs. */
  synchronized Optional<String> report() {
    if (lines.isEmpty() && perTest == 0) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>(lines);
    if (perTest > 0) {
      parts.add(perTest + " per-test lab" + (perTest == 1 ? "" : "s") + " " + usd(perTestTotal));
    }
    return Optional.of(usd(total) + " accrued: " + String.join("; ", parts));
  }

  static String usd(Money m) {
    return "USD " + m.usd().setScale(4, RoundingMode.HALF_UP).toPlainString();
  }
}
