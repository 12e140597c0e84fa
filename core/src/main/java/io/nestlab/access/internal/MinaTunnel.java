package io.nestlab.access.internal;

import io.nestlab.access.Tunnel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/** A MINA forward or SOCKS listener as a {@link Tunnel}. */
final class MinaTunnel implements Tunnel {
  interface Stopper {
    void stop() throws IOException;
  }

  private final InetSocketAddress local;
  private final String description;
  private final Stopper stopper;
  private final AtomicBoolean closed = new AtomicBoolean();
  volatile Runnable onClose = () -> {};

  MinaTunnel(InetSocketAddress local, String description, Stopper stopper) {
    this.local = local;
    this.description = description;
    this.stopper = stopper;
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      stopper.stop();
    } catch (IOException | RuntimeException ignored) {
      // the session may be gone already, which stops the listener too
    } finally {
      onClose.run();
    }
  }

  @Override
  public String toString() {
    return "Tunnel[" + description + "]";
  }
}
