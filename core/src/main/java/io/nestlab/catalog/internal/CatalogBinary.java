package io.nestlab.catalog.internal;

import io.nestlab.catalog.CpuVendor;
import io.nestlab.catalog.CustomRates;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.catalog.RegionPrice;
import io.nestlab.catalog.RegionRates;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded catalog in a compact binary form, made from {@code catalog.tsv} (the reviewed,
 * diffable source) at build time and read by every offline command at start-up (docs/design/0200).
 * Every string is stored once and named by its index; prices are unscaled longs with their scale,
 * so reading makes {@code BigDecimal}s without parsing text. Reading the text took ~30 ms of a cold
 * JVM (mostly the interpreter running the text parser); this form needs a fraction of that. It
 * holds exactly what the text holds: a test reads both and compares.
 *
 * <p>Layout (big-endian): magic {@code NLCB}, version; string count and strings (length-prefixed
 * UTF-8); provider count; per provider its header, rates, custom rates and types with prices.
 */
public final class CatalogBinary {
  private static final int MAGIC = 0x4E4C4342; // "NLCB"
  private static final int VERSION = 1;
  private static final int NONE = -1;
  private static final int TEXT = -2; // a decimal too long for a long: stored as its string

  private CatalogBinary() {}

  /**
   * Build step: reads the catalog text {@code args[0]} and writes its binary form to {@code
   * args[1]} (core's pom runs it after compiling).
   */
  public static void main(String[] args) throws IOException {
    String text = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
    Path out = Path.of(args[1]);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, write(CatalogText.read(new StringReader(text))));
  }

  /** The binary form of {@code providers}. */
  public static byte[] write(List<ProviderCatalog> providers) {
    Strings strings = new Strings();
    Out body = new Out();
    body.i(providers.size());
    for (ProviderCatalog p : providers) {
      body.i(strings.id(p.provider()));
      body.i(strings.id(p.asOf().toString()));
      body.i(strings.id(p.source()));
      body.i(strings.id(p.note()));
      body.i(p.regionRates().size());
      for (RegionRates r : p.regionRates().values()) {
        body.i(strings.id(r.region()));
        body.i(strings.id(r.diskType()));
        decimal(body, strings, r.diskUsdPerGibMonth());
        decimal(body, strings, r.publicIpUsdPerHour());
        decimal(body, strings, r.spotPublicIpUsdPerHour());
        decimal(body, strings, r.hyperdiskUsdPerGibMonth());
      }
      body.i(p.customRates().size());
      for (CustomRates c : p.customRates()) {
        body.i(strings.id(c.series()));
        body.i(strings.id(c.region()));
        decimal(body, strings, c.vcpuUsdPerHour());
        decimal(body, strings, c.memoryUsdPerGibHour());
        decimal(body, strings, c.spotVcpuUsdPerHour());
        decimal(body, strings, c.spotMemoryUsdPerGibHour());
      }
      body.i(p.instanceTypes().size());
      for (InstanceType t : p.instanceTypes()) {
        body.i(strings.id(t.name()));
        body.i(strings.id(t.series()));
        body.i(t.vcpus());
        body.l(Double.doubleToLongBits(t.memoryGib()));
        body.i(t.vendor().ordinal());
        body.i(strings.id(t.architecture()));
        body.i(
            (t.metal() ? 1 : 0) | (t.nestedVirtualization() ? 2 : 0) | (t.spotOffered() ? 4 : 0));
        body.i(t.localStorageGib());
        body.i(t.regions().size());
        for (String r : t.regions()) {
          body.i(strings.id(r));
        }
        body.i(t.prices().size());
        for (RegionPrice rp : t.prices().values()) {
          body.i(strings.id(rp.region()));
          decimal(body, strings, rp.onDemandUsdPerHour());
          decimal(body, strings, rp.spotUsdPerHour());
          body.i(rp.derivation() == null ? NONE : strings.id(rp.derivation()));
        }
      }
    }
    Out out = new Out();
    out.i(MAGIC);
    out.i(VERSION);
    out.i(strings.list.size());
    for (String s : strings.list) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.i(b.length);
      out.bytes(b);
    }
    out.bytes(body.toByteArray());
    return out.toByteArray();
  }

  /**
   * The providers in {@code data}, as {@link CatalogText#read(String)} gives them from the text.
   */
  public static List<ProviderCatalog> read(byte[] data) throws IOException {
    In in = new In(data);
    if (in.i() != MAGIC || in.i() != VERSION) {
      throw new IOException("not a NestLab binary catalog of version " + VERSION);
    }
    String[] s = new String[in.i()];
    for (int k = 0; k < s.length; k++) {
      int n = in.i();
      s[k] = new String(data, in.skip(n), n, StandardCharsets.UTF_8);
    }
    int providers = in.i();
    List<ProviderCatalog> out = new ArrayList<>(providers);
    for (int p = 0; p < providers; p++) {
      String provider = s[in.i()];
      LocalDate asOf = CatalogText.date(s[in.i()]);
      String source = s[in.i()];
      String note = s[in.i()];
      Map<String, RegionRates> rates = new LinkedHashMap<>();
      for (int n = in.i(); n > 0; n--) {
        String region = s[in.i()];
        rates.put(
            region, new RegionRates(region, s[in.i()], in.dec(s), in.dec(s), in.dec(s), in.dec(s)));
      }
      List<CustomRates> custom = new ArrayList<>();
      for (int n = in.i(); n > 0; n--) {
        custom.add(
            new CustomRates(s[in.i()], s[in.i()], in.dec(s), in.dec(s), in.dec(s), in.dec(s)));
      }
      int typeCount = in.i();
      List<InstanceType> types = new ArrayList<>(typeCount);
      for (int n = 0; n < typeCount; n++) {
        types.add(type(in, s));
      }
      out.add(new ProviderCatalog(provider, asOf, source, note, types, rates, custom));
    }
    if (!in.atEnd()) {
      throw new IOException("binary catalog: bytes left after the last provider");
    }
    return out;
  }

  private static InstanceType type(In in, String[] s) {
    String name = s[in.i()];
    String series = s[in.i()];
    int vcpus = in.i();
    double memory = Double.longBitsToDouble(in.l());
    CpuVendor vendor = CpuVendor.values()[in.i()];
    String arch = s[in.i()];
    int flags = in.i();
    int local = in.i();
    String[] regions = new String[in.i()];
    for (int k = 0; k < regions.length; k++) {
      regions[k] = s[in.i()];
    }
    String[] keys = new String[in.i()];
    Object[] prices = new Object[keys.length];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = s[in.i()];
      BigDecimal onDemand = in.dec(s);
      BigDecimal spot = in.dec(s);
      int derivation = in.i();
      prices[k] =
          new RegionPrice(keys[k], onDemand, spot, derivation == NONE ? null : s[derivation]);
    }
    return new InstanceType(
        name,
        series,
        vcpus,
        memory,
        vendor,
        arch,
        (flags & 1) != 0,
        (flags & 2) != 0,
        local,
        (flags & 4) != 0,
        Arrays.asList(regions),
        KeyOrder.byKey(keys, prices));
  }

  private static void decimal(Out out, Strings strings, BigDecimal d) {
    if (d == null) {
      out.i(NONE);
    } else if (d.scale() >= 0 && d.unscaledValue().bitLength() < 63) {
      out.i(d.scale());
      out.l(d.unscaledValue().longValueExact());
    } else {
      out.i(TEXT);
      out.i(strings.id(d.toString()));
    }
  }

  /** Each distinct string once, in first-use order. */
  private static final class Strings {
    final List<String> list = new ArrayList<>();
    final Map<String, Integer> ids = new java.util.HashMap<>();

    int id(String s) {
      Integer id = ids.get(s);
      if (id == null) {
        id = list.size();
        list.add(s);
        ids.put(s, id);
      }
      return id;
    }
  }

  private static final class Out extends java.io.ByteArrayOutputStream {
    void i(int v) {
      write(v >>> 24);
      write(v >>> 16);
      write(v >>> 8);
      write(v);
    }

    void l(long v) {
      i((int) (v >>> 32));
      i((int) v);
    }

    void bytes(byte[] b) {
      write(b, 0, b.length);
    }
  }

  /** Reads the big-endian values; kept to plain array access, as it runs in the interpreter. */
  private static final class In {
    private final byte[] b;
    private int p;

    In(byte[] b) {
      this.b = b;
    }

    int i() {
      byte[] a = b;
      int q = p;
      p = q + 4;
      return (a[q] << 24)
          | ((a[q + 1] & 0xff) << 16)
          | ((a[q + 2] & 0xff) << 8)
          | (a[q + 3] & 0xff);
    }

    long l() {
      long hi = i();
      return (hi << 32) | (i() & 0xffffffffL);
    }

    /** Skips {@code n} bytes; returns where they start. */
    int skip(int n) {
      int at = p;
      p += n;
      return at;
    }

    BigDecimal dec(String[] s) {
      int scale = i();
      if (scale == NONE) {
        return null;
      }
      return scale == TEXT ? new BigDecimal(s[i()]) : BigDecimal.valueOf(l(), scale);
    }

    boolean atEnd() {
      return p == b.length;
    }
  }
}
