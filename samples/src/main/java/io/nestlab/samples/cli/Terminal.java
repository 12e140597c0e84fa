package io.nestlab.samples.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The user's terminal: whether there is one, its size, and raw mode for an interactive shell. */
final class Terminal {
  private static final File TTY = new File("/dev/tty");

  private Terminal() {}

  /** True when both standard input and output are a terminal. */
  static boolean isInteractive() {
    return System.console() != null;
  }

  /** {columns, rows}; 80x24 when it cannot be read. */
  static int[] size() {
    String s = stty("size");
    if (s != null) {
      String[] p = s.trim().split("\\s+");
      if (p.length == 2) {
        try {
          return new int[] {Integer.parseInt(p[1]), Integer.parseInt(p[0])};
        } catch (NumberFormatException ignored) {
          // fall back below
        }
      }
    }
    return new int[] {80, 24};
  }

  /**
   * Puts the terminal into raw mode (keys go to the remote shell as typed, Ctrl+C included) and
   * returns what restores it; restoring never throws.
   */
  static Runnable raw() {
    String saved = stty("-g");
    stty("raw", "-echo");
    return () -> {
      if (saved != null) {
        stty(saved.trim());
      } else {
        stty("sane");
      }
    };
  }

  private static String stty(String... args) {
    if (!TTY.exists()) {
      return null;
    }
    String[] cmd = new String[args.length + 1];
    cmd[0] = "stty";
    System.arraycopy(args, 0, cmd, 1, args.length);
    try {
      Process p = new ProcessBuilder(cmd).redirectInput(TTY).redirectErrorStream(true).start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
