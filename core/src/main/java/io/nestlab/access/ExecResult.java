package io.nestlab.access;

/**
 * What a remote command returned.
 *
 * @param exitStatus the command's exit status; -1 when the host sent none (killed by a signal)
 * @param stdout its standard output as UTF-8
 * @param stderr its standard error as UTF-8
 */
public record ExecResult(int exitStatus, String stdout, String stderr) {
  public boolean succeeded() {
    return exitStatus == 0;
  }
}
