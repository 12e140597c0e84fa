package io.nestlab.state;

import java.util.List;
import java.util.Optional;

/**
 * Where labs' state is kept. The embedded default is {@link FileLabStore} (files under {@code
 * ~/.nestlab/labs/<id>/}); other stores (a database, a bucket) can implement this.
 */
public interface LabStore {
  /** Ids of every recorded lab, sorted. */
  List<String> labIds();

  Optional<LabRecord> find(String labId);

  /**
   * The lab's record.
   *
   * @throws UnknownLabException naming the known labs when there is no such lab
   */
  LabRecord load(String labId);

  /** Saves the record atomically: a reader sees the old or the new one, never a mix. */
  void save(LabRecord record);

  /** The lab's secrets; empty when none were saved. */
  LabSecrets secrets(String labId);

  void saveSecrets(String labId, LabSecrets secrets);

  /**
   * Takes the lab's lock, so that no other process (or thread) drives the lab until it is closed.
   * The lock dies with the process, so a killed JVM never leaves a lab locked.
   *
   * @throws LabLockedException when another holder has it
   */
  LabLock lock(String labId);

  /** Removes everything recorded about a lab (after it is destroyed). */
  void remove(String labId);

  /** Where the store keeps its data, for messages. */
  String location();

  /** A held lab lock. */
  interface LabLock extends AutoCloseable {
    String labId();

    @Override
    void close();
  }
}
