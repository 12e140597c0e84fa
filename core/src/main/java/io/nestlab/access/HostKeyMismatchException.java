package io.nestlab.access;

import io.nestlab.NestLabException;

/**
 * The host presented an SSH host key that the lab does not know: NestLab refused to connect. The
 * message names the host, the presented key and the expected fingerprints, and what to do.
 */
public class HostKeyMismatchException extends NestLabException {
  private static final long serialVersionUID = 1L;

  private final String presentedFingerprint;

  public HostKeyMismatchException(
      String host, String presentedType, String presentedFingerprint, String expected) {
    super(
        "refusing to connect to "
            + host
            + ": its SSH host key ("
            + presentedType
            + " "
            + presentedFingerprint
            + ") matches none of the fingerprints the lab's host printed on its serial console ("
            + expected
            + "). The address may now belong to another machine, or the connection is being"
            + " intercepted. NestLab never trusts a host key on first use: check the lab's console"
            + " output and, if the host was replaced, destroy the lab and create it again");
    this.presentedFingerprint = presentedFingerprint;
  }

  /** The SHA256 fingerprint of the key the host presented. */
  public String presentedFingerprint() {
    return presentedFingerprint;
  }
}
