package io.nestlab.engine.internal;

import io.nestlab.engine.LabEvent;
import io.nestlab.engine.LabListener;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine's listeners; a failing listener is logged (once) and never breaks provisioning. The
 * logger is looked up only when a listener fails: the JDK's first {@code System.getLogger} looks
 * for a {@code LoggerFinder} service in every jar of the class path (all 121 of the CLI's), which
 * cost {@code nestlab estimate} ~40 ms of start-up (docs/design/0161).
 */
public final class Listeners {
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
        System.getLogger(Listeners.class.getName())
            .log(
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
