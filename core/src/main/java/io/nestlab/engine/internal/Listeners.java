package io.nestlab.engine.internal;

import io.nestlab.engine.LabEvent;
import io.nestlab.engine.LabListener;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The engine's listeners; a failing listener is logged (once) and never breaks provisioning. */
public final class Listeners {
  private static final System.Logger LOG = System.getLogger(Listeners.class.getName());

  private final List<LabListener> listeners;
  private final Set<LabListener> failed = ConcurrentHashMap.newKeySet();

  public Listeners(Collection<LabListener> initial) {
    this.listeners = new CopyOnWriteArrayList<>(initial);
  }

  public void add(LabListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void fire(LabEvent event) {
    for (LabListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError vme) {
          throw vme;
        }
        // Said once per listener; later failures of the same listener are only traced.
        boolean first = failed.add(l);
        LOG.log(
            first ? System.Logger.Level.WARNING : System.Logger.Level.TRACE,
            "listener "
                + l.getClass().getName()
                + " failed on "
                + event.step()
                + "; ignored: "
                + e);
      }
    }
  }
}
