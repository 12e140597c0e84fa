package io.nestlab.plan.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.nestlab.catalog.Market;
import io.nestlab.cost.Money;
import io.nestlab.plan.CatalogInfo;
import io.nestlab.plan.CostLine;
import io.nestlab.plan.Infeasible;
import io.nestlab.plan.Plan;
import io.nestlab.plan.PlanOption;
import io.nestlab.plan.Requirements;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Writes a {@link Plan} as the JSON contract of {@code nestlab estimate --json}. Field order and
 * number formatting are fixed, so equal plans give byte-identical text. Hourly figures keep 6
 * decimals, session and month figures 2; trailing zeros are dropped.
 */
public final class PlanJson {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();

  private PlanJson() {}

  public static String write(Plan plan) {
    StringWriter out = new StringWriter(4096 + plan.options().size() * 700);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      DefaultPrettyPrinter pp = new DefaultPrettyPrinter();
      pp.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
      pp.indentObjectsWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
      g.setPrettyPrinter(pp);
      g.writeStartObject();
      g.writeStringField("lab", plan.lab());
      g.writeNumberField("sessionHours", plain(plan.sessionHours()));
      g.writeObjectFieldStart("catalog");
      for (CatalogInfo c : plan.catalog()) {
        g.writeObjectFieldStart(c.provider());
        g.writeStringField("asOf", c.asOf().toString());
        g.writeStringField("source", c.source());
        g.writeStringField("note", c.note());
        g.writeEndObject();
      }
      g.writeEndObject();
      requirements(g, plan.requirements());
      g.writeArrayFieldStart("options");
      for (PlanOption o : plan.options()) {
        g.writeStartObject();
        g.writeStringField("provider", o.provider());
        g.writeStringField("region", o.region());
        g.writeStringField("instanceType", o.instanceType());
        g.writeStringField("market", market(o.market()));
        g.writeNumberField("nestingDepth", o.nestingDepth());
        g.writeStringField("support", o.support().name().toLowerCase(Locale.ROOT));
        g.writeStringField("kind", o.kind().name().toLowerCase(Locale.ROOT));
        g.writeNumberField("hourlyUsd", hourly(o.hourly()));
        g.writeNumberField("sessionUsd", cents(o.session()));
        g.writeNumberField("monthlyUsd", cents(o.monthly()));
        g.writeNumberField("vcpus", o.vcpus());
        g.writeNumberField("memoryGib", dbl(o.memoryGib()));
        g.writeNumberField("bootDiskGib", o.bootDiskGib());
        g.writeNumberField("dataDiskGib", o.dataDiskGib());
        g.writeArrayFieldStart("breakdown");
        for (CostLine l : o.breakdown()) {
          g.writeStartObject();
          g.writeStringField("item", l.item());
          g.writeNumberField("hourlyUsd", hourly(l.hourly()));
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("headroom");
        g.writeNumberField("vcpus", dbl(o.headroom().vcpus()));
        g.writeNumberField("memoryGib", dbl(o.headroom().memoryGib()));
        g.writeNumberField("diskGib", dbl(o.headroom().diskGib()));
        g.writeEndObject();
        if (!o.notes().isEmpty()) {
          g.writeArrayFieldStart("notes");
          for (String note : o.notes()) {
            g.writeString(note);
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("infeasible");
      for (Infeasible i : plan.infeasible()) {
        g.writeStartObject();
        g.writeStringField("provider", i.provider());
        g.writeStringField("reason", i.reason());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.append('\n').toString();
  }

  /** {@code on-demand} or {@code spot}. */
  public static String market(Market m) {
    return m == Market.SPOT ? "spot" : "on-demand";
  }

  static BigDecimal hourly(Money m) {
    return plain(m.usd().setScale(6, RoundingMode.HALF_UP));
  }

  static BigDecimal cents(Money m) {
    return plain(m.usd().setScale(2, RoundingMode.HALF_UP));
  }

  static BigDecimal dbl(double d) {
    return plain(BigDecimal.valueOf(d).setScale(2, RoundingMode.HALF_UP));
  }

  static BigDecimal plain(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }

  private static void requirements(JsonGenerator g, Requirements r) throws IOException {
    g.writeObjectFieldStart("requirements");
    g.writeNumberField("nestedVcpus", r.nestedVcpus());
    g.writeNumberField("largestVmVcpus", r.largestVmVcpus());
    g.writeNumberField("nestedMemoryGib", dbl(r.nestedMemoryGib()));
    g.writeNumberField("l1Vcpus", dbl(r.l1Vcpus()));
    g.writeNumberField("l1MemoryGib", dbl(r.l1MemoryGib()));
    g.writeNumberField("diskEstimateGib", dbl(r.diskEstimateGib()));
    g.writeNumberField("dataDiskGib", r.dataDiskGib());
    g.writeNumberField("bootDiskGib", r.bootDiskGib());
    if (!r.notes().isEmpty()) {
      g.writeArrayFieldStart("notes");
      for (String note : r.notes()) {
        g.writeString(note);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }
}
