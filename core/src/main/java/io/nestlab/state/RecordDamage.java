package io.nestlab.state;

import java.util.Objects;

/**
 * A lab whose record cannot be read as written: truncated, not JSON, or not a record of that lab
 * (docs/design/0090-damaged-records.md).
 *
 * @param labId the lab
 * @param location where the damaged record is (a file path for {@link FileLabStore})
 * @param problem what is wrong with it, without its content
 * @param recovered whether the store fell back to the record's backup copy, which it then serves
 */
public record RecordDamage(String labId, String location, String problem, boolean recovered) {
  public RecordDamage {
    Objects.requireNonNull(labId, "labId");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(problem, "problem");
  }

  /** One sentence for people: what is damaged, and what NestLab uses instead. */
  public String describe() {
    return "the record of lab "
        + labId
        + " ("
        + location
        + ") is damaged: "
        + problem
        + (recovered
            ? "; using its backup copy (the next change to the lab rewrites the record)"
            : "; it has no usable backup copy");
  }
}
