package io.nestlab.junit;

import io.nestlab.spi.HostCommands;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks the L1 host for the SHA-1 thumbprint of vCenter's certificate: the host connects to vCenter
 * on the lab network and verifies the certificate against the vCenter CA (VMCA) root that the
 * bootstrap fetched there, so a thumbprint is given only for the certificate the lab itself trusts.
 */
final class VcenterThumbprint {
  /** Where the bootstrap keeps vCenter's CA root ({@code nestlab-vcenter.sh}, {@code VMCA}). */
  static final String VMCA = "/var/lib/nestlab/data/vcenter/vmca.pem";

  static final Duration TIMEOUT = Duration.ofMinutes(1);

  private static final Pattern FQDN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");
  private static final Pattern FINGERPRINT =
      Pattern.compile("(?i)SHA1 Fingerprint=((?:[0-9A-F]{2}:){19}[0-9A-F]{2})");

  private VcenterThumbprint() {}

  static String command(String fqdn) {
    if (!FQDN.matcher(fqdn).matches()) {
      throw new IllegalArgumentException("not a host name: " + fqdn);
    }
    return "sh -c 'echo | timeout 50 openssl s_client -connect "
        + fqdn
        + ":443 -servername "
        + fqdn
        + " -CAfile "
        + VMCA
        + " -verify_return_error 2>/dev/null | openssl x509 -noout -fingerprint -sha1'";
  }

  /**
   * The thumbprint as {@code AA:BB:...} (upper case, 20 bytes).
   *
   * @throws IllegalStateException when the host cannot be asked or vCenter's certificate does not
   *     verify (the message says which)
   */
  /** The shell's status for a command it cannot find. */
  private static final int COMMAND_NOT_FOUND = 127;

  static String ask(String labId, String fqdn, Callable<HostCommands> host) {
    HostCommands.Result r;
    try (HostCommands commands = host.call()) {
      r = commands.run(command(fqdn), TIMEOUT);
    } catch (Exception e) {
      throw new IllegalStateException(
          "lab "
              + labId
              + ": vCenter's thumbprint could not be asked of the L1 host: "
              + e.getMessage(),
          e);
    }
    if (r.exitStatus() == COMMAND_NOT_FOUND) {
      // The host has no shell or openssl (a simulated host answers only NestLab's programs).
      throw new IllegalStateException(
          "lab "
              + labId
              + ": vCenter's thumbprint could not be asked of the L1 host: "
              + r.stderr().strip());
    }
    Matcher m = FINGERPRINT.matcher(r.stdout());
    if (!r.succeeded() || !m.find()) {
      throw new IllegalStateException(
          "lab "
              + labId
              + ": the L1 host could not verify "
              + fqdn
              + ":443 against the vCenter CA in "
              + VMCA
              + " (exit status "
              + r.exitStatus()
              + "); is vCenter up? 'nestlab ssh "
              + labId
              + "' and 'journalctl -u nestlab-bootstrap' tell more");
    }
    return m.group(1).toUpperCase(Locale.ROOT);
  }
}
