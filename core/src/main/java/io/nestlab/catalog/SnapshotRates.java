package io.nestlab.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a disk snapshot (a blueprint) costs to keep, per GiB-month, by provider and region: the
 * embedded {@code snapshot-rates.tsv}, generated from the same public data as the instance catalog
 * (SnapshotRatesGenerator; each provider's source and date are in the file and in {@link #source}).
 */
public final class SnapshotRates {
  private static final String ANY_REGION = "*";
  private static final SnapshotRates EMBEDDED = load();

  private final Map<String, String> sources;
  private final Map<String, BigDecimal> rates;

  private SnapshotRates(Map<String, String> sources, Map<String, BigDecimal> rates) {
    this.sources = Map.copyOf(sources);
    this.rates = Map.copyOf(rates);
  }

  public static SnapshotRates embedded() {
    return EMBEDDED;
  }

  /**
   * USD per GiB-month of snapshot storage in {@code region}, or the provider's rate for every
   * region; empty when the catalog has none.
   */
  public Optional<BigDecimal> usdPerGibMonth(String provider, String region) {
    Objects.requireNonNull(provider, "provider");
    BigDecimal r = rates.get(provider + "\t" + region);
    return Optional.ofNullable(r != null ? r : rates.get(provider + "\t" + ANY_REGION));
  }

  /** Where the provider's rates come from, with the date; empty when unknown. */
  public Optional<String> source(String provider) {
    return Optional.ofNullable(sources.get(provider));
  }

  /** Reads the text form ({@code source PROVIDER TEXT} and {@code rate PROVIDER REGION USD}). */
  public static SnapshotRates read(BufferedReader in) throws IOException {
    Map<String, String> sources = new LinkedHashMap<>();
    Map<String, BigDecimal> rates = new LinkedHashMap<>();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      if (f[0].equals("source") && f.length == 3) {
        sources.put(f[1], f[2]);
      } else if (f[0].equals("rate") && f.length == 4) {
        rates.put(f[1] + "\t" + f[2], new BigDecimal(f[3]));
      } else {
        throw new IllegalArgumentException("snapshot-rates.tsv: cannot read line '" + line + "'");
      }
    }
    return new SnapshotRates(sources, rates);
  }

  private static SnapshotRates load() {
    try (InputStream in = SnapshotRates.class.getResourceAsStream("snapshot-rates.tsv")) {
      if (in == null) {
        throw new IllegalStateException("snapshot-rates.tsv is missing from the class path");
      }
      return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
