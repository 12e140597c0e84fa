package io.nestlab.samples.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The user's terminal: whether there is one, its size, and raw mode for an interactive shell. */
final class Terminal {
  private static final File TTY = new File("/dev/tty");

  private Terminal() {}

  /** For tests: answers in place of the user at a terminal; null means the real terminal. */
  static volatile UpInterrupt.Prompt testTerminal;

  /**
   * Asks a yes/no question on the terminal; only an answer starting with y is yes. Without a
   * terminal it refuses, saying that {@code flag} skips the question ("pass --yes to ...").
   */
  static boolean confirm(java.io.PrintWriter out, String question, String flag, String purpose) {
    UpInterrupt.Prompt prompt = testTerminal;
    if (prompt == null) {
      if (!isInteractive()) {
        throw new io.nestlab.InvalidSpecException(
            "command line",
            java.util.List.of(
                io.nestlab.Problem.of(
                    flag, "no terminal to ask for confirmation; pass " + flag + " " + purpose)));
      }
      prompt =
          q -> {
            out.print(q);
            out.flush();
            try {
              return new java.io.BufferedReader(
                      new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
                  .readLine();
            } catch (IOException e) {
              return null;
            }
          };
    }
    String answer = prompt.ask(question);
    return answer != null && answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y");
  }

  /** True when both standard input and output are a terminal. */
  static boolean isInteractive() {
    return System.console() != null;
  }

  /**
   * The user's terminal through JLine, for redrawing progress in place and asking questions; null
   * when JLine finds no real terminal. Signals stay with {@link #onCtrlC}.
   */
  static org.jline.terminal.Terminal jline() {
    try {
      org.jline.terminal.Terminal t =
          org.jline.terminal.TerminalBuilder.builder()
              .system(true)
              .nativeSignals(false)
              .dumb(true)
              .build();
      String type = t.getType();
      if (type == null || type.startsWith(org.jline.terminal.Terminal.TYPE_DUMB)) {
        t.close();
        return null;
      }
      return t;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Asks a question on {@code t} and reads the answer line; null when input has ended. */
  static UpInterrupt.Prompt prompt(org.jline.terminal.Terminal t) {
    return question -> {
      t.writer().print(question);
      t.flush();
      StringBuilder answer = new StringBuilder();
      try {
        int c;
        while ((c = t.reader().read()) >= 0 && c != '\n' && c != '\r') {
          answer.append((char) c);
        }
        return c < 0 && answer.length() == 0 ? null : answer.toString();
      } catch (IOException e) {
        return null;
      }
    };
  }

  /** A Ctrl-C handler in place; closing it gives Ctrl-C back to the JVM. */
  interface CtrlC extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Calls {@code action} on the first Ctrl-C (SIGINT, through JLine's signal support) instead of
   * ending the JVM; a second Ctrl-C ends it as usual. Without signal support, nothing changes.
   */
  static CtrlC onCtrlC(Runnable action) {
    Object[] previous = new Object[1];
    java.util.concurrent.atomic.AtomicBoolean restored =
        new java.util.concurrent.atomic.AtomicBoolean();
    Runnable restore =
        () -> {
          if (restored.compareAndSet(false, true) && previous[0] != null) {
            org.jline.utils.Signals.unregister("INT", previous[0]);
          }
        };
    previous[0] =
        org.jline.utils.Signals.register(
            "INT",
            () -> {
              restore.run();
              action.run();
            });
    return restore::run;
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
