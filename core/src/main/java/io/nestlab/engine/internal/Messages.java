package io.nestlab.engine.internal;

/** Messages for people from exceptions. */
public final class Messages {
  private Messages() {}

  /** The exception's message, or its class name when it has none. */
  public static String of(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** How files the user data had no room for reach the host. */
  public static String deferredFilesReminder(String labId, int files) {
    return files
        + " vCenter files wait to be copied to the host over SSH; 'nestlab resume "
        + labId
        + "' copies them and follows the bootstrap (the host waits 3 hours for them)";
  }
}
