package io.nestlab.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Writes {@code snapshot-rates.tsv} from {@code ../shared/data}: GCE's {@code
 * compute.storage.snapshot} rate per region from {@code gcp/pricing.yml}, and AWS's EBS snapshot
 * (standard tier) rate from the facts in {@code shared/data/README.md} (no permissive AWS price
 * table has it). Checked by SnapshotRatesGeneratorTest; rewrite with {@code
 * -Dnestlab.catalog.write=true}.
 */
final class SnapshotRatesGenerator {
  private static final Pattern README_RATE =
      Pattern.compile("Snapshot storage: \\$([0-9.]+)/GB-month on both clouds");

  private SnapshotRatesGenerator() {}

  static String generate(Path data) throws IOException {
    StringBuilder out = new StringBuilder();
    out.append("# NestLab embedded snapshot storage rates, USD per GiB-month. Generated; do not")
        .append(" edit by hand.\n# Regenerate: SnapshotRatesGeneratorTest")
        .append(" -Dnestlab.catalog.write=true (docs/blueprints.md).\n");
    Matcher m = README_RATE.matcher(Files.readString(data.resolve("README.md")));
    if (!m.find()) {
      throw new IllegalStateException("shared/data/README.md no longer states the snapshot rate");
    }
    out.append(
            "source\taws\tEBS snapshots, standard tier: $"
                + m.group(1)
                + "/GB-month, shared/data/README.md (public price facts), 2026-08; the same in"
                + " every region here (no public multi-region table)\n")
        .append("rate\taws\t*\t")
        .append(m.group(1))
        .append('\n');
    LoaderOptions opts = new LoaderOptions();
    opts.setCodePointLimit(64 * 1024 * 1024);
    ObjectMapper yaml =
        new ObjectMapper(YAMLFactory.builder().loaderOptions(opts).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    JsonNode root = yaml.readTree(data.resolve("gcp/pricing.yml").toFile());
    JsonNode cost = root.path("compute").path("storage").path("snapshot").path("cost");
    out.append(
        "source\tgcp\tcompute.storage.snapshot (standard snapshots) in"
            + " Cyclenerd/google-cloud-pricing-cost-calculator pricing.yml @ fd66b26, "
            + root.path("about").path("generated").asText()
            + "\n");
    TreeMap<String, String> byRegion = new TreeMap<>();
    for (Iterator<String> rs = cost.fieldNames(); rs.hasNext(); ) {
      String r = rs.next();
      JsonNode month = cost.path(r).get("month");
      if (month != null) {
        byRegion.put(r, month.decimalValue().stripTrailingZeros().toPlainString());
      }
    }
    byRegion.forEach(
        (r, v) -> out.append("rate\tgcp\t").append(r).append('\t').append(v).append('\n'));
    out.append("source\tfake\tinvented by NestLab's fake cloud, as the standard tiers above\n")
        .append("rate\tfake\t*\t0.05\n");
    return out.toString();
  }

  public static void main(String[] args) throws IOException {
    Path shared = Path.of(args.length > 0 ? args[0] : "../shared");
    Path out =
        Path.of(
            args.length > 1
                ? args[1]
                : "core/src/main/resources/io/nestlab/catalog/snapshot-rates.tsv");
    Files.writeString(out, generate(shared.resolve("data")), StandardCharsets.UTF_8);
  }
}
