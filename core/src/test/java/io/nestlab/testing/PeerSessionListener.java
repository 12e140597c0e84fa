package io.nestlab.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Registered through {@code META-INF/services} in core's test classes (and so in every module that
 * uses core's test-jar): notes that a module ran tests, so {@link PeerReport} lists it too.
 */
public final class PeerSessionListener implements LauncherSessionListener {
  @Override
  public void launcherSessionOpened(LauncherSession session) {
    Peers.moduleRan();
  }
}
