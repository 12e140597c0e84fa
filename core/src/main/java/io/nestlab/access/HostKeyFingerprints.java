package io.nestlab.access;

import io.nestlab.NestLabException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SSH host key fingerprints an L1 host printed on its serial console. cloud-init writes them
 * between {@value #BEGIN} and {@value #END}, one key a line ({@code 256 SHA256:... root@host
 * (ED25519)}); some images put a prefix such as {@code ec2: } before each line, and kernel messages
 * may be interleaved: both are tolerated.
 *
 * <p>The console is read from its start, and the first complete block is the one trusted: it was
 * printed at first boot, before anyone else could have logged into the host. Blocks printed later
 * (after a reboot, or by NestLab's own bootstrap script) add nothing; one that names another key of
 * a type the first block listed is refused, because the host keys of one instance never change.
 */
public final class HostKeyFingerprints {
  public static final String BEGIN = "-----BEGIN SSH HOST KEY FINGERPRINTS-----";
  public static final String END = "-----END SSH HOST KEY FINGERPRINTS-----";

  private static final Pattern LINE =
      Pattern.compile("(\\d{3,5}) (SHA256:[A-Za-z0-9+/]{43}) (.*?) ?\\(([A-Z0-9-]+)\\)\\s*$");
  private static final Pattern OTHER_HASH = Pattern.compile("\\d{3,5} MD5:");

  private final List<HostKeyFingerprint> keys;

  private HostKeyFingerprints(List<HostKeyFingerprint> keys) {
    this.keys = List.copyOf(keys);
  }

  public static HostKeyFingerprints of(List<HostKeyFingerprint> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one host key fingerprint is needed");
    }
    return new HostKeyFingerprints(keys);
  }

  /**
   * Finds the fingerprints in console text.
   *
   * @return empty while the console holds no complete block yet (the host is still booting)
   * @throws NestLabException when a block lists no SHA256 fingerprint, or when two blocks disagree
   */
  public static Optional<HostKeyFingerprints> findInConsole(String consoleText) {
    List<List<HostKeyFingerprint>> blocks = new ArrayList<>();
    List<HostKeyFingerprint> current = null;
    boolean sawOtherHash = false;
    for (String raw : consoleText.split("\\R")) {
      if (raw.contains(BEGIN)) {
        current = new ArrayList<>();
        sawOtherHash = false;
      } else if (raw.contains(END)) {
        if (current != null) {
          if (current.isEmpty()) {
            throw new NestLabException(
                "the host printed its SSH host key fingerprints without any SHA256 fingerprint"
                    + (sawOtherHash ? " (only MD5, which NestLab does not trust)" : "")
                    + "; use an image whose cloud-init prints SHA256 fingerprints");
          }
          blocks.add(current);
        }
        current = null;
      } else if (current != null) {
        Matcher m = LINE.matcher(raw);
        if (m.find()) {
          current.add(
              new HostKeyFingerprint(
                  Integer.parseInt(m.group(1)), m.group(2), m.group(3).trim(), m.group(4)));
        } else if (OTHER_HASH.matcher(raw).find()) {
          sawOtherHash = true;
        }
      }
    }
    if (blocks.isEmpty()) {
      return Optional.empty();
    }
    List<HostKeyFingerprint> first = blocks.get(0);
    for (List<HostKeyFingerprint> later : blocks.subList(1, blocks.size())) {
      for (HostKeyFingerprint k : later) {
        boolean sameTypeOtherKey =
            first.stream().anyMatch(f -> f.type().equals(k.type()))
                && first.stream().noneMatch(f -> f.sha256().equals(k.sha256()));
        if (sameTypeOtherKey) {
          throw new NestLabException(
              "the host's console shows two different "
                  + k.type()
                  + " SSH host keys ("
                  + describe(first)
                  + " first, then "
                  + k.describe()
                  + "); host keys of one instance never change, so NestLab trusts neither."
                  + " Check the console output, and recreate the lab if the host was tampered"
                  + " with");
        }
      }
    }
    return Optional.of(new HostKeyFingerprints(first));
  }

  public List<HostKeyFingerprint> keys() {
    return keys;
  }

  /** The listed key with this SHA256 fingerprint, if any. */
  public Optional<HostKeyFingerprint> find(String sha256) {
    return keys.stream().filter(k -> k.sha256().equals(sha256)).findFirst();
  }

  /** The block as cloud-init prints it; {@link #findInConsole} reads it back. */
  public String toBlock() {
    StringBuilder b = new StringBuilder(BEGIN).append('\n');
    for (HostKeyFingerprint k : keys) {
      b.append(k.bits()).append(' ').append(k.sha256()).append(' ');
      b.append(k.comment().isEmpty() ? "no comment" : k.comment());
      b.append(" (").append(k.type()).append(")\n");
    }
    return b.append(END).append('\n').toString();
  }

  /** {@code ED25519 SHA256:..., ECDSA SHA256:...}. */
  public String describe() {
    return describe(keys);
  }

  private static String describe(List<HostKeyFingerprint> keys) {
    return keys.stream().map(HostKeyFingerprint::describe).collect(Collectors.joining(", "));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostKeyFingerprints other && keys.equals(other.keys);
  }

  @Override
  public int hashCode() {
    return keys.hashCode();
  }

  @Override
  public String toString() {
    return "HostKeyFingerprints[" + describe() + "]";
  }
}
