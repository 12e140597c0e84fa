package io.nestlab.plan.bench;

import io.nestlab.catalog.Catalog;
import io.nestlab.plan.Plan;
import io.nestlab.plan.PlanOptions;
import io.nestlab.plan.Planner;
import io.nestlab.spec.EsxiSpec;
import io.nestlab.spec.LabSpec;
import io.nestlab.spec.LabSpecs;
import io.nestlab.spec.PlacementSpec;
import io.nestlab.spec.VcenterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Planning time, warm, over the whole embedded catalog (every provider and region, on-demand and
 * spot): the article lab and a 16-host lab. Results: docs/performance.md. Run with {@code ./mvnw -B
 * -Pbench -pl core test-compile exec:exec@bench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC"})
public class PlannerBenchmark {
  private Catalog catalog;
  private LabSpec article;
  private LabSpec sixteen;
  private PlanOptions everywhere;

  @Setup
  public void setUp() throws Exception {
    catalog = Catalog.embedded();
    Path file = Path.of("../samples/labs/article-lab.yaml");
    LabSpec lab =
        Files.exists(file)
            ? LabSpecs.read(file)
            : LabSpec.builder()
                .name("article-lab")
                .esxi(new EsxiSpec("7.0U3", 3, "esx", 2, 8, 32, 100, Map.of()))
                .vcenter(new VcenterSpec("7.0U3", "tiny", VcenterSpec.PLACEMENT_L1))
                .build();
    // the whole catalog: no provider, region or price restriction
    article = lab.toBuilder().placement(PlacementSpec.anywhere()).build();
    sixteen =
        LabSpec.builder()
            .name("sixteen-hosts")
            .esxi(new EsxiSpec("8.0U3", 16, "esx", 8, 32, 32, 200, Map.of()))
            .vcenter(new VcenterSpec("8.0U3", "small", null))
            .build();
    everywhere = PlanOptions.defaults().withMarket(io.nestlab.spec.MarketPreference.ANY);
  }

  @Benchmark
  public Plan planArticleLab() {
    return Planner.plan(article, catalog, everywhere);
  }

  @Benchmark
  public Plan planSixteenHostLab() {
    return Planner.plan(sixteen, catalog, everywhere);
  }

  @Benchmark
  public Plan planArticleLabTop20() {
    return Planner.plan(article, catalog, everywhere.withTop(20));
  }

  @Benchmark
  public String planArticleLabToJson() {
    return Planner.plan(article, catalog, everywhere.withTop(20)).toJson();
  }
}
