package io.nestlab.spec;

import io.nestlab.Problem;
import java.util.List;

/** The guests' rules: names, sizes and the host each runs on. */
final class GuestRules extends SpecRules {
  GuestRules(VsphereKnowledge knowledge, List<Problem> problems) {
    super(knowledge, problems);
  }

  void guests(LabSpec spec, List<EsxiHost> hosts) {
    List<String> names = names(hosts);
    for (int i = 0; i < spec.guests().size(); i++) {
      GuestSpec g = spec.guests().get(i);
      String path = "guests[" + i + "]";
      if (g.name() == null || g.name().isEmpty()) {
        add(path + ".name", "missing; give the guest a hostname, for example 'linux-01'");
      }
      positive(path + ".cpus", g.cpus(), "vCPU");
      positive(path + ".memoryGib", g.memoryGib(), "GiB");
      positive(path + ".diskGib", g.diskGib(), "GiB");
      if (!names.isEmpty() && !names.contains(g.host())) {
        add(
            path + ".host",
            "there is no host '"
                + g.host()
                + "'; place the guest on one of the ESXi hosts ("
                + range(names)
                + ")"
                + Suggestions.hint(g.host(), names));
      }
      if (g.image() != null) {
        new MediaRules(knowledge, problems)
            .url(path + ".image", g.image(), "a guest image (ISO or OVA)");
      }
    }
  }

  private void positive(String path, int value, String unit) {
    if (value < 1) {
      add(path, value + " " + unit + " is too small; use 1 or more");
    }
  }
}
