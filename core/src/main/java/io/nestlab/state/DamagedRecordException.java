package io.nestlab.state;

/**
 * A lab's record is damaged and no good copy of it is left: the lab is known to exist but what
 * NestLab remembered of it is lost. Its resources can still be found, and deleted, by its tags.
 */
public class DamagedRecordException extends LabStateException {
  private static final long serialVersionUID = 1L;

  private final transient RecordDamage damage;

  public DamagedRecordException(RecordDamage damage) {
    super(damage.describe());
    this.damage = damage;
  }

  /** What is damaged, and where. */
  public RecordDamage damage() {
    return damage;
  }
}
