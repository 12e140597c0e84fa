package io.nestlab.junit;

import java.util.ArrayList;
import java.util.List;

/** The labs of one test, closed after it; their cost goes to the class's report. */
final class TestLabs implements AutoCloseable {
  private final ClassLabs classLabs;
  private final List<LabHandle> handles = new ArrayList<>();

  TestLabs(ClassLabs classLabs) {
    this.classLabs = classLabs;
  }

  /** The labs not closed yet, in the order they were added. */
  synchronized List<LabHandle> open() {
    return List.copyOf(handles);
  }

  synchronized void add(LabHandle handle) {
    handles.add(handle);
  }

  @Override
  public void close() {
    List<LabHandle> toClose;
    synchronized (this) {
      toClose = new ArrayList<>(handles);
      handles.clear();
    }
    RuntimeException failure = null;
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
        classLabs.addTestLab(toClose.get(i));
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
