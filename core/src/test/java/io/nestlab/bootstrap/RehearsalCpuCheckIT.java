package io.nestlab.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rehearsal's CPU precheck as the L1 host runs it: {@code nestlab-rehearsal}'s own {@code
 * cpu_verdict} with Debian's Python, on {@code /proc/cpuinfo} texts of the clouds' CPUs.
 */
class RehearsalCpuCheckIT {
  private static Path program;

  @BeforeAll
  static void render() throws Exception {
    Tools.requireHostPython(false);
    RenderedBootstrap b = BootstrapRenderer.render(Labs.articleOnHost(), RenderOptions.of("aws"));
    Path dir = Tools.target().resolve("rehearsal-cpu-it");
    Files.createDirectories(dir);
    program = dir.resolve("nestlab-rehearsal");
    Files.writeString(program, b.file("usr/local/sbin/nestlab-rehearsal").orElseThrow());
  }

  private static String cpuinfo(String vendor, int family, int model, int stepping, String name) {
    return "processor\t: 0\nvendor_id\t: "
        + vendor
        + "\ncpu family\t: "
        + family
        + "\nmodel\t\t: "
        + model
        + "\nmodel name\t: "
        + name
        + "\nstepping\t: "
        + stepping
        + "\nflags\t\t: fpu vme vmx\n";
  }

  /** Runs cpu_verdict(cpuinfo, major) in the program; returns [verdict, message]. */
  private static JsonNode verdict(String info, String major) throws Exception {
    Path file = program.resolveSibling("cpuinfo");
    Files.writeString(file, info);
    String script =
        "import importlib.machinery, importlib.util, json, sys\n"
            + "l = importlib.machinery.SourceFileLoader('r', sys.argv[1])\n"
            + "m = importlib.util.module_from_spec(importlib.util.spec_from_loader('r', l))\n"
            + "l.exec_module(m)\n"
            + "print(json.dumps(m.cpu_verdict(open(sys.argv[2]).read(), sys.argv[3])))\n";
    Tools.Run r =
        Tools.run(
            List.of(Tools.HOST_PYTHON, "-c", script, program.toString(), file.toString(), major),
            Map.of(),
            null,
            60);
    assertEquals(0, r.exit(), r.output());
    return new ObjectMapper().readTree(r.output());
  }

  @Test
  void theCloudsCpusAreJudgedPerTargetEsxi() throws Exception {
    JsonNode haswell =
        verdict(cpuinfo("GenuineIntel", 6, 63, 2, "Intel(R) Xeon(R) CPU E5-2670 v3"), "8");
    assertEquals("unsupported", haswell.get(0).asText());
    assertTrue(haswell.get(1).asText().contains("Haswell"), haswell.toString());
    assertTrue(haswell.get(1).asText().contains("allowLegacyCPU=true"), haswell.toString());
    // Model 85 is three generations, told apart by stepping.
    String skylake = cpuinfo("GenuineIntel", 6, 85, 4, "Intel(R) Xeon(R) Platinum 8175M CPU");
    String cascade = cpuinfo("GenuineIntel", 6, 85, 7, "Intel(R) Xeon(R) Platinum 8259CL CPU");
    assertEquals("supported", verdict(skylake, "8").get(0).asText());
    JsonNode sky9 = verdict(skylake, "9");
    assertEquals("deprecated", sky9.get(0).asText());
    assertTrue(sky9.get(1).asText().contains("Skylake-SP"), sky9.toString());
    JsonNode cas9 = verdict(cascade, "9");
    assertEquals("deprecated", cas9.get(0).asText());
    assertTrue(cas9.get(1).asText().contains("Cascade Lake"), cas9.toString());
    assertEquals(
        "unsupported", verdict(cpuinfo("GenuineIntel", 6, 79, 1, "E5 v4"), "9").get(0).asText());
    assertEquals(
        "supported", verdict(cpuinfo("GenuineIntel", 6, 143, 8, "8488C"), "9").get(0).asText());
    JsonNode gnr8 = verdict(cpuinfo("GenuineIntel", 6, 173, 1, "Intel(R) Xeon(R) 6975P-C"), "8");
    assertEquals("unknown", gnr8.get(0).asText());
    assertTrue(gnr8.get(1).asText().contains("Compatibility Guide"), gnr8.toString());
    assertEquals(
        "supported",
        verdict(cpuinfo("GenuineIntel", 6, 173, 1, "Intel(R) Xeon(R) 6975P-C"), "9")
            .get(0)
            .asText());
    assertEquals(
        "deprecated",
        verdict(cpuinfo("AuthenticAMD", 23, 49, 0, "AMD EPYC 7R32"), "9").get(0).asText());
    assertEquals(
        "supported",
        verdict(cpuinfo("AuthenticAMD", 25, 1, 1, "AMD EPYC 7R13"), "9").get(0).asText());
    assertEquals(
        "supported",
        verdict(cpuinfo("AuthenticAMD", 26, 2, 0, "AMD EPYC 9R45"), "9").get(0).asText());
    JsonNode odd = verdict(cpuinfo("GenuineIntel", 6, 167, 1, "Intel(R) Xeon(R) Processor"), "8");
    assertEquals("unknown", odd.get(0).asText());
    assertTrue(odd.get(1).asText().contains("not in NestLab's table"), odd.toString());
  }
}
