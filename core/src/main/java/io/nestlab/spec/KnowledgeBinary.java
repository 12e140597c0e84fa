package io.nestlab.spec;

import io.nestlab.IsoDate;
import io.nestlab.OwnResources;
import io.nestlab.internal.io.PackedReader;
import io.nestlab.internal.io.PackedWriter;
import io.nestlab.spec.EsxiCpus.Generation;
import io.nestlab.spec.EsxiCpus.SeriesCpus;
import io.nestlab.spec.EsxiCpus.Support;
import io.nestlab.spec.VsphereKnowledge.ApplianceSize;
import io.nestlab.spec.VsphereKnowledge.EsxiMinimum;
import io.nestlab.spec.VsphereKnowledge.Manages;
import io.nestlab.spec.VsphereKnowledge.Product;
import io.nestlab.spec.VsphereKnowledge.UpgradePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The vSphere knowledge and ESXi CPU tables in packed form ({@link PackedWriter}), made from their
 * YAML files (the reviewed source) at build time. Every command that reads a lab reads both;
 * parsing the YAML and checking every row took ~20 ms of CPU in a cold JVM, reading this form about
 * 2 (docs/design/0200). The YAML is still read when the packed form is missing (a build that
 * skipped the step, such as an IDE's); a test checks that both give the same tables.
 *
 * <p>Not API: public only for the build step ({@link #main}).
 */
public final class KnowledgeBinary {
  static final String KNOWLEDGE = "/io/nestlab/spec/vsphere-knowledge.bin";
  static final String CPUS = "/io/nestlab/spec/esxi-cpus.bin";

  private static final int KNOWLEDGE_MAGIC = 0x4E4C564B; // "NLVK"
  private static final int CPUS_MAGIC = 0x4E4C4543; // "NLEC"
  private static final int VERSION = 1;

  private KnowledgeBinary() {}

  /**
   * Build step: reads both tables from their YAML (core's classes directory, where the resources
   * already are) and writes their packed forms into directory {@code args[0]}.
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    // An older build's packed files go first: the tables below must come from the YAML.
    Files.deleteIfExists(dir.resolve(name(KNOWLEDGE)));
    Files.deleteIfExists(dir.resolve(name(CPUS)));
    Files.write(dir.resolve(name(KNOWLEDGE)), write(KnowledgeFile.fromYaml()));
    Files.write(dir.resolve(name(CPUS)), write(EsxiCpus.fromYaml()));
  }

  /** A packed table's reader. */
  interface Decoder<T> {
    T decode(byte[] data) throws IOException;
  }

  /**
   * The table whose packed form is {@code resource}, decoded; or, when the jar has no packed form,
   * the table {@code fromYaml} reads.
   */
  static <T> T load(String resource, Decoder<T> decoder, Supplier<T> fromYaml) {
    try (InputStream bin = OwnResources.open(resource)) {
      if (bin != null) {
        return decoder.decode(bin.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return fromYaml.get();
  }

  private static String name(String resource) {
    return resource.substring(resource.lastIndexOf('/') + 1);
  }

  static byte[] write(VsphereKnowledge k) {
    PackedWriter w = new PackedWriter();
    w.i(k.versions().size());
    for (VsphereVersion v : k.versions()) {
      w.s(v.toString());
    }
    w.i(k.esxiMinimums().size());
    for (EsxiMinimum m : k.esxiMinimums()) {
      w.s(m.family()).i(m.cpus()).i(m.memoryGib()).i(m.bootDiskGib()).i(m.ownMemoryGib());
      w.bool(m.estimate()).s(m.source());
    }
    w.i(k.vcenterSizes().size());
    for (ApplianceSize a : k.vcenterSizes()) {
      w.s(a.family()).s(a.size()).i(a.cpus()).i(a.memoryGib()).bool(a.estimate()).s(a.source());
    }
    w.i(k.manageRows().size());
    for (Manages m : k.manageRows()) {
      w.s(m.vcenterFamily());
      strings(w, m.esxiFamilies());
    }
    w.i(k.upgrades().size());
    for (UpgradePath u : k.upgrades()) {
      w.s(u.from().toString()).s(u.to().toString()).i(u.products().size());
      for (Product p : u.products()) {
        w.s(p.name());
      }
      w.bool(u.estimate()).s(u.source()).s(u.note());
    }
    w.i(k.allReleases().size());
    for (VsphereRelease r : k.allReleases()) {
      w.s(r.product().name()).s(r.version().toString()).s(r.name()).l(r.build());
      w.s(r.released() == null ? null : r.released().toString()).s(r.source()).s(r.note());
    }
    return w.toByteArray(KNOWLEDGE_MAGIC, VERSION);
  }

  static VsphereKnowledge readKnowledge(byte[] data) throws IOException {
    PackedReader in = new PackedReader(data, KNOWLEDGE_MAGIC, VERSION, KNOWLEDGE);
    List<VsphereVersion> versions = new ArrayList<>();
    for (int n = in.i(); n > 0; n--) {
      versions.add(VsphereVersion.of(in.s()));
    }
    List<EsxiMinimum> minimums = new ArrayList<>();
    for (int n = in.i(); n > 0; n--) {
      minimums.add(new EsxiMinimum(in.s(), in.i(), in.i(), in.i(), in.i(), in.bool(), in.s()));
    }
    List<ApplianceSize> sizes = new ArrayList<>();
    for (int n = in.i(); n > 0; n--) {
      sizes.add(new ApplianceSize(in.s(), in.s(), in.i(), in.i(), in.bool(), in.s()));
    }
    List<Manages> manages = new ArrayList<>();
    for (int n = in.i(); n > 0; n--) {
      manages.add(new Manages(in.s(), strings(in)));
    }
    List<UpgradePath> upgrades = new ArrayList<>();
    for (int n = in.i(); n > 0; n--) {
      VsphereVersion from = VsphereVersion.of(in.s());
      VsphereVersion to = VsphereVersion.of(in.s());
      List<Product> products = new ArrayList<>();
      for (int p = in.i(); p > 0; p--) {
        products.add(Product.valueOf(in.s()));
      }
      upgrades.add(new UpgradePath(from, to, products, in.bool(), in.s(), in.s()));
    }
    List<VsphereRelease> releases = new ArrayList<>();
    for (int n = in.i(); n > 0; n--) {
      Product product = Product.valueOf(in.s());
      VsphereVersion version = VsphereVersion.of(in.s());
      String name = in.s();
      long build = in.l();
      String released = in.s();
      releases.add(
          new VsphereRelease(
              product,
              version,
              name,
              build,
              released == null ? null : IsoDate.parse(released),
              in.s(),
              in.s()));
    }
    in.end();
    return new VsphereKnowledge(versions, minimums, sizes, manages, upgrades, releases);
  }

  static byte[] write(EsxiCpus cpus) {
    PackedWriter w = new PackedWriter();
    w.i(cpus.generations().size());
    for (Generation g : cpus.generations()) {
      w.s(g.id()).s(g.name()).s(g.vendor()).i(g.family()).i(g.models().size());
      for (int m : g.models()) {
        w.i(m);
      }
      w.i(g.minStepping()).i(g.maxStepping());
      Map<String, Support> byMajor = new TreeMap<>(g.byEsxiMajor()); // a fixed order
      w.i(byMajor.size());
      for (Map.Entry<String, Support> e : byMajor.entrySet()) {
        w.s(e.getKey()).s(e.getValue().name());
      }
      w.bool(g.estimate()).s(g.source()).s(g.note());
    }
    w.i(cpus.series().size());
    for (SeriesCpus s : cpus.series()) {
      w.s(s.cloud());
      strings(w, s.series());
      strings(w, s.cpus());
      w.bool(s.estimate()).s(s.source());
    }
    return w.toByteArray(CPUS_MAGIC, VERSION);
  }

  static EsxiCpus readCpus(byte[] data) throws IOException {
    PackedReader in = new PackedReader(data, CPUS_MAGIC, VERSION, CPUS);
    List<Generation> generations = new ArrayList<>();
    for (int n = in.i(); n > 0; n--) {
      String id = in.s();
      String name = in.s();
      String vendor = in.s();
      int family = in.i();
      List<Integer> models = new ArrayList<>();
      for (int m = in.i(); m > 0; m--) {
        models.add(in.i());
      }
      int minStepping = in.i();
      int maxStepping = in.i();
      Map<String, Support> byMajor = new LinkedHashMap<>();
      for (int m = in.i(); m > 0; m--) {
        byMajor.put(in.s(), Support.valueOf(in.s()));
      }
      generations.add(
          new Generation(
              id,
              name,
              vendor,
              family,
              models,
              minStepping,
              maxStepping,
              byMajor,
              in.bool(),
              in.s(),
              in.s()));
    }
    List<SeriesCpus> series = new ArrayList<>();
    for (int n = in.i(); n > 0; n--) {
      series.add(new SeriesCpus(in.s(), strings(in), strings(in), in.bool(), in.s()));
    }
    in.end();
    return new EsxiCpus(generations, series);
  }

  private static void strings(PackedWriter w, List<String> list) {
    w.i(list.size());
    for (String s : list) {
      w.s(s);
    }
  }

  private static List<String> strings(PackedReader in) {
    int n = in.i();
    List<String> list = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      list.add(in.s());
    }
    return List.copyOf(list);
  }
}
