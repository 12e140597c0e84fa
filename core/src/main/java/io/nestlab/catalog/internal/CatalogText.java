package io.nestlab.catalog.internal;

import io.nestlab.IsoDate;
import io.nestlab.catalog.CpuVendor;
import io.nestlab.catalog.CustomRates;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.catalog.RegionPrice;
import io.nestlab.catalog.RegionRates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The embedded catalog's line format: tab-separated, one record a line, diffable in git.
 *
 * <pre>
 * provider  ID
 * asOf      YYYY-MM-DD
 * source    free text
 * note      free text
 * rates     REGION DISK_TYPE DISK_USD_PER_GIB_MONTH IP_USD_PER_HOUR [SPOT_IP_USD_PER_HOUR|-
 *           [HYPERDISK_USD_PER_GIB_MONTH|-]]
 * custom    SERIES REGION VCPU_USD_H GIB_USD_H SPOT_VCPU_USD_H|- SPOT_GIB_USD_H|-
 * type      NAME SERIES VCPUS MEMORY_GIB VENDOR ARCH metal|vm nested|- LOCAL_GIB spot|- REGIONS,...
 * price     REGION ON_DEMAND_USD_H SPOT_USD_H|- [DERIVATION]   (for the type above)
 * end
 * </pre>
 *
 * Lines starting with {@code #} are comments.
 */
public final class CatalogText {
  private CatalogText() {}

  public static String write(List<ProviderCatalog> providers) {
    StringBuilder b = new StringBuilder(1 << 20);
    b.append("# NestLab embedded instance catalog. Generated; do not edit by hand.\n");
    b.append("# Regenerate: see docs/cost-model.md (CatalogGenerator).\n");
    for (ProviderCatalog p : providers) {
      line(b, "provider", p.provider());
      line(b, "asOf", p.asOf().toString());
      line(b, "source", p.source());
      line(b, "note", p.note());
      for (RegionRates r : p.regionRates().values()) {
        line(
            b,
            "rates",
            r.region(),
            r.diskType(),
            num(r.diskUsdPerGibMonth()),
            num(r.publicIpUsdPerHour()),
            num(r.spotPublicIpUsdPerHour()),
            num(r.hyperdiskUsdPerGibMonth()));
      }
      for (CustomRates c : p.customRates()) {
        line(
            b,
            "custom",
            c.series(),
            c.region(),
            num(c.vcpuUsdPerHour()),
            num(c.memoryUsdPerGibHour()),
            num(c.spotVcpuUsdPerHour()),
            num(c.spotMemoryUsdPerGibHour()));
      }
      for (InstanceType t : p.instanceTypes()) {
        line(
            b,
            "type",
            t.name(),
            t.series(),
            Integer.toString(t.vcpus()),
            num(BigDecimal.valueOf(t.memoryGib())),
            t.vendor().name().toLowerCase(Locale.ROOT),
            t.architecture(),
            t.metal() ? "metal" : "vm",
            t.nestedVirtualization() ? "nested" : "-",
            Integer.toString(t.localStorageGib()),
            t.spotOffered() ? "spot" : "-",
            String.join(",", t.regions()));
        for (RegionPrice rp : t.prices().values()) {
          if (rp.derivation() == null) {
            line(b, "price", rp.region(), num(rp.onDemandUsdPerHour()), num(rp.spotUsdPerHour()));
          } else {
            line(
                b,
                "price",
                rp.region(),
                num(rp.onDemandUsdPerHour()),
                num(rp.spotUsdPerHour()),
                rp.derivation());
          }
        }
      }
      line(b, "end");
    }
    return b.toString();
  }

  public static List<ProviderCatalog> read(Reader reader) throws IOException {
    StringWriter text = new StringWriter(1 << 16);
    reader.transferTo(text);
    return read(text.toString());
  }

  /**
   * Reads the catalog in {@code text}. Lines end as {@link BufferedReader#readLine} ends them
   * ({@code \n}, {@code \r\n} or {@code \r}); cut out of the whole text with {@code indexOf} rather
   * than decoded and copied a character at a time through a reader, which cost the CLI's start-up
   * ~6 ms for the embedded catalog's 480 KB (docs/design/0161).
   */
  public static List<ProviderCatalog> read(String text) throws IOException {
    List<ProviderCatalog> out = new ArrayList<>();
    Section s = null;
    int n = 0;
    int from = 0;
    List<String> pending = new ArrayList<>(); // the lines of a segment holding a lone \r
    int next = 0;
    while (true) {
      String line;
      if (next < pending.size()) {
        line = pending.get(next++);
      } else if (from < text.length()) {
        int nl = text.indexOf('\n', from);
        int end = nl < 0 ? text.length() : nl;
        line = text.substring(from, end);
        from = end + 1;
        int cr = line.indexOf('\r');
        if (cr >= 0) {
          pending = splitAtCarriageReturns(line);
          next = 0;
          if (pending.isEmpty()) {
            continue;
          }
          line = pending.get(next++);
        }
      } else {
        break;
      }
      n++;
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      String[] f = fields(line);
      try {
        switch (f[0]) {
          case "provider" -> s = new Section(f[1]);
          case "asOf" -> s.asOf = date(f[1]);
          case "source" -> s.source = f[1];
          case "note" -> s.note = f[1];
          case "rates" ->
              s.rates.put(
                  f[1], new RegionRates(f[1], f[2], dec(f[3]), dec(f[4]), opt(f, 5), opt(f, 6)));
          case "custom" ->
              s.custom.add(new CustomRates(f[1], f[2], dec(f[3]), dec(f[4]), dec(f[5]), dec(f[6])));
          case "type" -> {
            s.flushType();
            s.type = f;
          }
          case "price" ->
              s.prices.put(
                  f[1], new RegionPrice(f[1], dec(f[2]), dec(f[3]), f.length > 4 ? f[4] : null));
          case "end" -> {
            s.flushType();
            out.add(
                new ProviderCatalog(
                    s.provider, s.asOf, s.source, s.note, s.types, s.rates, s.custom));
            s = null;
          }
          default -> throw new IOException("unknown record '" + f[0] + "'");
        }
      } catch (RuntimeException e) {
        throw new IOException("catalog line " + n + ": " + e.getMessage(), e);
      }
    }
    if (s != null) {
      throw new IOException("catalog ends inside provider section " + s.provider);
    }
    return out;
  }

  /**
   * The lines of {@code segment} (text between two {@code \n}s) as {@link BufferedReader#readLine}
   * gives them: a {@code \r} ends a line, and one just before the {@code \n} ends only its own.
   */
  private static List<String> splitAtCarriageReturns(String segment) {
    List<String> lines = new ArrayList<>(Arrays.asList(segment.split("\r", -1)));
    if (segment.endsWith("\r")) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private static final class Section {
    final String provider;
    LocalDate asOf;
    String source;
    String note = "";
    final Map<String, RegionRates> rates = new LinkedHashMap<>();
    final List<CustomRates> custom = new ArrayList<>();
    final List<InstanceType> types = new ArrayList<>();
    String[] type;
    Map<String, RegionPrice> prices = new LinkedHashMap<>();

    Section(String provider) {
      this.provider = provider;
    }

    void flushType() {
      if (type == null) {
        return;
      }
      String[] f = type;
      List<String> regions = f[11].isEmpty() ? List.of() : regions(split(f[11], ','));
      types.add(
          new InstanceType(
              f[1],
              f[2],
              Integer.parseInt(f[3]),
              Double.parseDouble(f[4]),
              CpuVendor.valueOf(f[5].toUpperCase(Locale.ROOT)),
              f[6],
              "metal".equals(f[7]),
              "nested".equals(f[8]),
              Integer.parseInt(f[9]),
              "spot".equals(f[10]),
              regions,
              prices));
      type = null;
      prices = new LinkedHashMap<>();
    }
  }

  /** {@code parts} without its trailing empty strings, as {@code String.split(",")} drops them. */
  private static List<String> regions(String[] parts) {
    int n = parts.length;
    while (n > 0 && parts[n - 1].isEmpty()) {
      n--;
    }
    return Arrays.asList(parts).subList(0, n);
  }

  /** The tab-separated fields of {@code line}, as {@code line.split("\t", -1)} gives them. */
  private static String[] fields(String line) {
    return split(line, '\t');
  }

  /**
   * {@code text} cut at every {@code separator}, empty parts kept: {@code String.split} without its
   * list and sublist copies, for the catalog's 7,000 lines at every CLI start (docs/design/0200).
   */
  private static String[] split(String text, char separator) {
    int n = 1;
    for (int i = text.indexOf(separator); i >= 0; i = text.indexOf(separator, i + 1)) {
      n++;
    }
    String[] out = new String[n];
    int from = 0;
    for (int k = 0; k < n - 1; k++) {
      int to = text.indexOf(separator, from);
      out[k] = text.substring(from, to);
      from = to + 1;
    }
    out[n - 1] = text.substring(from);
    return out;
  }

  /** An ISO date, without {@code DateTimeFormatter} (see {@link IsoDate}). */
  static LocalDate date(String s) {
    return IsoDate.parse(s);
  }

  private static void line(StringBuilder b, String... fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        b.append('\t');
      }
      String f = fields[i];
      if (f.indexOf('\t') >= 0 || f.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("catalog field contains a tab or newline: " + f);
      }
      b.append(f);
    }
    b.append('\n');
  }

  private static String num(BigDecimal d) {
    if (d == null) {
      return "-";
    }
    BigDecimal s = d.stripTrailingZeros();
    if (s.scale() < 0) {
      s = s.setScale(0);
    }
    return s.toPlainString();
  }

  private static BigDecimal opt(String[] f, int i) {
    return f.length > i ? dec(f[i]) : null;
  }

  private static BigDecimal dec(String s) {
    return "-".equals(s) ? null : decimal(s);
  }

  /**
   * {@code new BigDecimal(s)}, with the catalog's plain numbers ({@code 0.0416}, {@code 12}: up to
   * 18 digits and one point) read by hand, as the string constructor costs several times more in
   * the interpreter at start-up (docs/design/0200). Same unscaled value and scale either way.
   */
  static BigDecimal decimal(String s) {
    int n = s.length();
    if (n == 0 || n > 19) {
      return new BigDecimal(s);
    }
    long unscaled = 0;
    int scale = 0;
    int digits = 0;
    boolean point = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        unscaled = unscaled * 10 + (c - '0');
        digits++;
        scale += point ? 1 : 0;
      } else if (c == '.' && !point && digits > 0 && i < n - 1) {
        point = true;
      } else {
        return new BigDecimal(s); // a sign, an exponent, anything else: the full parser
      }
    }
    return digits > 18 ? new BigDecimal(s) : BigDecimal.valueOf(unscaled, scale);
  }
}
