package io.nestlab.samples.cli;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;

/**
 * Redraws {@code up}'s progress board in place on a terminal, with JLine's {@link Display} (which
 * moves the cursor with the terminal's own capabilities), four times a second so the elapsed time
 * and the spinner move.
 */
final class LiveRenderer implements UpProgress.Renderer {
  private final Terminal terminal;
  private final UpProgress progress;
  private final Clock clock;
  private final Display display;
  private final ScheduledExecutorService ticker;
  private boolean closed;

  private LiveRenderer(Terminal terminal, UpProgress progress, Clock clock) {
    this.terminal = terminal;
    this.progress = progress;
    this.clock = clock;
    this.display = new Display(terminal, false);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "nestlab-progress");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts redrawing {@code progress} on {@code terminal}. */
  static LiveRenderer start(Terminal terminal, UpProgress progress, Clock clock) {
    LiveRenderer r = new LiveRenderer(terminal, progress, clock);
    progress.renderTo(r);
    r.redraw();
    r.ticker.scheduleAtFixedRate(r::redraw, 250, 250, TimeUnit.MILLISECONDS);
    return r;
  }

  @Override
  public void changed(String line) {
    redraw();
  }

  synchronized void redraw() {
    if (closed) {
      return;
    }
    Size size = terminal.getSize();
    int columns = size.getColumns() > 0 ? size.getColumns() : 80;
    int rows = size.getRows() > 0 ? size.getRows() : 24;
    display.resize(Size.of(columns, rows));
    List<AttributedString> lines = new ArrayList<>();
    for (String l : progress.lines(clock.instant())) {
      // Never wrap: a wrapped line would break redrawing in place.
      lines.add(new AttributedString(l.length() >= columns ? l.substring(0, columns - 1) : l));
    }
    display.update(lines, -1);
  }

  @Override
  public void close() {
    // Let a redraw in flight finish: interrupting it mid-write can garble the terminal.
    ticker.shutdown();
    try {
      ticker.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      redraw();
      closed = true;
      terminal.writer().println();
      terminal.flush();
    }
  }
}
