package io.nestlab.engine;

import java.util.Arrays;
import java.util.Optional;

/**
 * The steps a lab's journal records, with the names they carry on the wire ({@link #wire()}): the
 * journal format and the step names of {@link LabEvent#step()} are those of earlier versions, so a
 * lab journaled by them resumes and destroys as before.
 */
public enum LabStep {
  /** The whole creation: begins first, ends when the lab is ready. */
  CREATE("create"),
  KEYS("keys"),
  PREFLIGHT("preflight"),
  NETWORK("network"),
  HOST("host"),
  RUNNING("running"),
  /**
   * Copies to the host, over SSH, the files its user data had no room for (AWS's 16 KB); the host
   * waits for them before its vCenter phases.
   */
  DELIVER_FILES("deliver-files"),
  BOOTSTRAP("bootstrap"),
  /**
   * Verifies the host key against the console (data: the host access, {@link #CREDENTIALS_PATH}).
   */
  ACCESS("access"),
  /** Fetches the lab's credentials from the host into the lab's secrets. */
  CREDENTIALS("lab-credentials"),
  /** Saves the lab as a blueprint (data: the blueprint, the save's key, what follows). */
  SAVE("save"),
  /** Shuts the nested lab down cleanly before its disk is saved. */
  LAB_SHUTDOWN("lab-shutdown"),
  /** Starts the blueprint's disk snapshot (data: its id). */
  SNAPSHOT("snapshot"),
  /** Waits for the cloud to complete the snapshot. */
  SNAPSHOT_READY("snapshot-ready"),
  /** Starts the nested lab again after a save. */
  LAB_START("lab-start"),
  STOP("stop"),
  START("start"),
  DESTROY("destroy"),
  /** An upgrade rehearsal (data at its end: the host's {@code state} and {@code report}). */
  REHEARSAL("rehearsal"),
  /** A checkpoint of the lab on its host (data: its {@code name}). */
  CHECKPOINT("checkpoint"),
  /** A rollback of the lab to a checkpoint (data: its {@code name}). */
  ROLLBACK("rollback");

  /** In the {@link #ACCESS} step's data: where the credentials are on the host. */
  public static final String CREDENTIALS_PATH = "credentialsPath";

  private final String wire;

  LabStep(String wire) {
    this.wire = wire;
  }

  /** The name in the journal and in events, for example {@code deliver-files}. */
  public String wire() {
    return wire;
  }

  /** The step of a journal or event name; empty for names that are not steps ({@code lease}). */
  public static Optional<LabStep> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.wire.equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return wire;
  }
}
