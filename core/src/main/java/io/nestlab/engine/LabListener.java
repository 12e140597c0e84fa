package io.nestlab.engine;

/**
 * Receives a lab's events. Called on the engine's thread; keep it quick. A listener that throws is
 * logged and ignored: it never breaks provisioning.
 */
@FunctionalInterface
public interface LabListener {
  void onEvent(LabEvent event);
}
