package io.nestlab.samples.cli;

/** The CLI's documented exit codes (docs/cli.md). */
public final class ExitCode {
  /** Success. */
  public static final int OK = 0;

  /** Invalid input: a bad lab file, flag or setting. Nothing was created. */
  public static final int INVALID_INPUT = 1;

  /** A provider or network error. */
  public static final int PROVIDER = 2;

  /** The lab was stopped or destroyed by its budget or TTL guard. */
  public static final int STOPPED_BY_GUARD = 3;

  /** The lab, or its state, is not where the command expected it (unknown lab, lock held). */
  public static final int STATE = 4;

  /** An upgrade rehearsal ran and a step failed: {@code nestlab report LAB} says where. */
  public static final int REHEARSAL_FAILED = 5;

  /** Interrupted by the user. */
  public static final int INTERRUPTED = 130;

  /** A bug in NestLab: please report it. */
  public static final int INTERNAL = 70;

  private ExitCode() {}
}
