package io.nestlab.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule every provider applies to the addresses it lets reach a lab: IPv4 addresses or ranges
 * written as network addresses, and never much of the internet unless the user opts in. "Much of
 * the internet" is a range wider than a /8, or ranges that together hold more than a /8's worth of
 * addresses, so {@code 0.0.0.0/1,128.0.0.0/1} is refused like {@code 0.0.0.0/0}.
 */
public final class IngressCidrs {
  /** The widest ingress allowed without the opt-in: a /8, and a /8's worth in total. */
  public static final int WIDEST_PREFIX = 8;

  public static final long MOST_ADDRESSES = 1L << (32 - WIDEST_PREFIX);

  private static final Pattern V4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?");

  private IngressCidrs() {}

  /**
   * {@code 203.0.113.7} becomes {@code 203.0.113.7/32}; a range is kept. Refuses what is not an
   * IPv4 address or range, and a range with host bits set (naming its network address).
   *
   * @throws IllegalArgumentException naming what is wrong and how to fix it
   */
  public static String normalise(String text) {
    Range r = parse(text);
    return r.text();
  }

  /**
   * The allowed ingress ranges, normalised. Unless {@code allowOpen}, a range wider than /{@value
   * #WIDEST_PREFIX} is refused, and so is a set whose ranges together hold more than a /{@value
   * #WIDEST_PREFIX}'s worth of addresses (2^24): either could open the lab's SSH port to much of
   * the internet, e.g. {@code 0.0.0.0/1,128.0.0.0/1}. Each refusal names the ranges, why, and the
   * setting that forces them.
   *
   * @param optIn how the user forces wide ranges, for the messages (e.g. {@code --provider-opt
   *     allowAnyIngress=true})
   * @param problems receives one message per problem; the result is only usable when none were
   *     added
   */
  public static List<String> ingress(
      List<String> given, boolean allowOpen, String optIn, List<String> problems) {
    List<String> out = new ArrayList<>();
    List<Range> ranges = new ArrayList<>();
    int before = problems.size();
    for (String c : given) {
      Range r;
      try {
        r = parse(c);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
        continue;
      }
      if (!allowOpen && r.prefix() < WIDEST_PREFIX) {
        problems.add(
            "'"
                + r.text()
                + "' "
                + (r.prefix() == 0
                    ? "opens the lab to the whole internet"
                    : "spans "
                        + r.size()
                        + " addresses, which could open the lab to much of the internet;"
                        + " ranges wider than /"
                        + WIDEST_PREFIX
                        + " are refused")
                + "; give your own address (e.g. 203.0.113.7/32), or force it with "
                + optIn);
      }
      ranges.add(r);
      out.add(r.text());
    }
    if (!allowOpen && problems.size() == before) {
      long total = union(ranges);
      if (total > MOST_ADDRESSES) {
        problems.add(
            "'"
                + String.join(",", out)
                + "' together span "
                + total
                + " addresses, more than a /"
                + WIDEST_PREFIX
                + "'s worth ("
                + MOST_ADDRESSES
                + "), which could open the lab to much of the internet; narrow them to the"
                + " addresses you connect from, or force them with "
                + optIn);
      }
    }
    return out;
  }

  /** Addresses covered by {@code ranges}: CIDR blocks nest or are disjoint, so drop nested ones. */
  private static long union(List<Range> ranges) {
    List<Range> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingLong(Range::start).thenComparingInt(Range::prefix));
    long total = 0;
    long coveredUntil = -1; // last address of the block that holds the previous ones
    for (Range r : sorted) {
      long end = r.start() + r.size() - 1;
      if (r.start() > coveredUntil) {
        total += r.size();
        coveredUntil = end;
      }
    }
    return total;
  }

  private record Range(long start, int prefix, String text) {
    long size() {
      return 1L << (32 - prefix);
    }
  }

  private static Range parse(String text) {
    String t = text.trim();
    Matcher m = V4.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an IPv4 address or range; write it like 203.0.113.7/32");
    }
    long address = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) {
        throw new IllegalArgumentException("'" + text + "' has an octet above 255");
      }
      address = address << 8 | octet;
    }
    int prefix = m.group(5) == null ? 32 : Integer.parseInt(m.group(5));
    if (prefix > 32) {
      throw new IllegalArgumentException("'" + text + "' has a prefix above /32");
    }
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    long network = address & mask;
    String written = dotted(address) + "/" + prefix;
    if (network != address) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' has host bits set; write the network address "
              + dotted(network)
              + "/"
              + prefix
              + " (or "
              + dotted(address)
              + "/32 for that one address)");
    }
    return new Range(network, prefix, written);
  }

  private static String dotted(long a) {
    return (a >> 24 & 255) + "." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255);
  }
}
