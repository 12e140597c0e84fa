package io.nestlab.state;

import io.nestlab.InvalidSpecException;
import io.nestlab.Problem;
import java.util.List;

/** The one rule for lab ids, shared by every store. */
final class LabIds {
  private LabIds() {}

  /** Throws naming {@code labId} and the rule when it is not a lab id. */
  static void check(String labId) {
    if (labId == null || !FileLabStore.LAB_ID.matcher(labId).matches()) {
      throw new InvalidSpecException(
          "lab id",
          List.of(
              Problem.of(
                  "lab",
                  "'"
                      + labId
                      + "' is not a lab id; ids are 2-63 lowercase letters, digits and '-' (see"
                      + " 'nestlab list')")));
    }
  }
}
