package io.nestlab.catalog.internal;

import io.nestlab.catalog.CpuVendor;
import io.nestlab.catalog.CustomRates;
import io.nestlab.catalog.InstanceType;
import io.nestlab.catalog.ProviderCatalog;
import io.nestlab.catalog.RegionPrice;
import io.nestlab.catalog.RegionRates;
import io.nestlab.internal.io.PackedReader;
import io.nestlab.internal.io.PackedWriter;
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
 * <p>Layout: a {@link PackedWriter} file (magic {@code NLCB}) whose body is the provider count and,
 * per provider, its header, rates, custom rates and types with prices.
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
    PackedWriter body = new PackedWriter();
    body.i(providers.size());
    for (ProviderCatalog p : providers) {
      body.s(p.provider());
      body.s(p.asOf().toString());
      body.s(p.source());
      body.s(p.note());
      body.i(p.regionRates().size());
      for (RegionRates r : p.regionRates().values()) {
        body.s(r.region());
        body.s(r.diskType());
        decimal(body, r.diskUsdPerGibMonth());
        decimal(body, r.publicIpUsdPerHour());
        decimal(body, r.spotPublicIpUsdPerHour());
        decimal(body, r.hyperdiskUsdPerGibMonth());
      }
      body.i(p.customRates().size());
      for (CustomRates c : p.customRates()) {
        body.s(c.series());
        body.s(c.region());
        decimal(body, c.vcpuUsdPerHour());
        decimal(body, c.memoryUsdPerGibHour());
        decimal(body, c.spotVcpuUsdPerHour());
        decimal(body, c.spotMemoryUsdPerGibHour());
      }
      body.i(p.instanceTypes().size());
      for (InstanceType t : p.instanceTypes()) {
        body.s(t.name());
        body.s(t.series());
        body.i(t.vcpus());
        body.l(Double.doubleToLongBits(t.memoryGib()));
        body.i(t.vendor().ordinal());
        body.s(t.architecture());
        body.i(
            (t.metal() ? 1 : 0) | (t.nestedVirtualization() ? 2 : 0) | (t.spotOffered() ? 4 : 0));
        body.i(t.localStorageGib());
        body.i(t.regions().size());
        for (String r : t.regions()) {
          body.s(r);
        }
        body.i(t.prices().size());
        for (RegionPrice rp : t.prices().values()) {
          body.s(rp.region());
          decimal(body, rp.onDemandUsdPerHour());
          decimal(body, rp.spotUsdPerHour());
          body.s(rp.derivation());
        }
      }
    }
    return body.toByteArray(MAGIC, VERSION);
  }

  /**
   * The providers in {@code data}, as {@link CatalogText#read(String)} gives them from the text.
   */
  public static List<ProviderCatalog> read(byte[] data) throws IOException {
    PackedReader in = new PackedReader(data, MAGIC, VERSION, "the binary catalog");
    int providers = in.i();
    List<ProviderCatalog> out = new ArrayList<>(providers);
    for (int p = 0; p < providers; p++) {
      String provider = in.s();
      LocalDate asOf = CatalogText.date(in.s());
      String source = in.s();
      String note = in.s();
      Map<String, RegionRates> rates = new LinkedHashMap<>();
      for (int n = in.i(); n > 0; n--) {
        String region = in.s();
        rates.put(region, new RegionRates(region, in.s(), dec(in), dec(in), dec(in), dec(in)));
      }
      List<CustomRates> custom = new ArrayList<>();
      for (int n = in.i(); n > 0; n--) {
        custom.add(new CustomRates(in.s(), in.s(), dec(in), dec(in), dec(in), dec(in)));
      }
      int typeCount = in.i();
      List<InstanceType> types = new ArrayList<>(typeCount);
      for (int n = 0; n < typeCount; n++) {
        types.add(type(in));
      }
      out.add(new ProviderCatalog(provider, asOf, source, note, types, rates, custom));
    }
    in.end();
    return out;
  }

  private static InstanceType type(PackedReader in) {
    String name = in.s();
    String series = in.s();
    int vcpus = in.i();
    double memory = Double.longBitsToDouble(in.l());
    CpuVendor vendor = CpuVendor.values()[in.i()];
    String arch = in.s();
    int flags = in.i();
    int local = in.i();
    String[] regions = new String[in.i()];
    for (int k = 0; k < regions.length; k++) {
      regions[k] = in.s();
    }
    String[] keys = new String[in.i()];
    Object[] prices = new Object[keys.length];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = in.s();
      BigDecimal onDemand = dec(in);
      BigDecimal spot = dec(in);
      prices[k] = new RegionPrice(keys[k], onDemand, spot, in.s());
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

  private static void decimal(PackedWriter out, BigDecimal d) {
    if (d == null) {
      out.i(NONE);
    } else if (d.scale() >= 0 && d.unscaledValue().bitLength() < 63) {
      out.i(d.scale());
      out.l(d.unscaledValue().longValueExact());
    } else {
      out.i(TEXT);
      out.s(d.toString());
    }
  }

  private static BigDecimal dec(PackedReader in) {
    int scale = in.i();
    if (scale == NONE) {
      return null;
    }
    return scale == TEXT ? new BigDecimal(in.s()) : BigDecimal.valueOf(in.l(), scale);
  }
}
