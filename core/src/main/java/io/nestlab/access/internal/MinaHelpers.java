package io.nestlab.access.internal;

import io.nestlab.NestLabTimeoutException;
import io.nestlab.access.SshTarget;
import java.io.IOException;
import java.time.Duration;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;

/** Small helpers of {@link MinaSshConnection}: deadlines, quiet closing, quoting, messages. */
final class MinaHelpers {
  private MinaHelpers() {}

  static long remainingMs(long deadline, Duration timeout, SshTarget target) {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new NestLabTimeoutException("SSH to " + target, timeout);
    }
    return left;
  }

  static void closeQuietly(ClientSession session, SshClient client) {
    try {
      if (session != null) {
        session.close(false).await(MinaSshConnection.CLOSE_WAIT_MS);
      }
    } catch (IOException | RuntimeException ignored) {
      // closing: nothing left to save
    } finally {
      try {
        client.stop();
      } catch (RuntimeException ignored) {
        // closing: nothing left to save
      }
    }
  }

  static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return t.isEmpty() ? "no error output" : nl < 0 ? t : t.substring(0, nl);
  }

  static String describe(Throwable t) {
    if (t == null) {
      return "unknown error";
    }
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
