package io.nestlab.samples.cli;

import io.nestlab.internal.io.Json;
import io.nestlab.spi.LabProviderFactory;
import io.nestlab.spi.LabProviders;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nestlab providers}: the providers on the class path and the settings each accepts. */
@Command(
    name = "providers",
    description = {
      "List the providers found on the class path and the settings each accepts.",
      "Providers are found with ServiceLoader; settings are given as --provider-opt KEY=VALUE.",
      "Settings marked secret are never printed or stored in clear."
    })
final class ProvidersCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Override
  public Integer call() throws Exception {
    boolean json = JsonOutput.requested(cmd);
    PrintWriter out = cmd.commandLine().getOut();
    Map<String, LabProviderFactory> all = LabProviders.available();
    if (json) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (LabProviderFactory f : all.values()) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", f.id());
        p.put("description", f.description());
        List<Map<String, Object>> settings = new ArrayList<>();
        for (LabProviderFactory.SettingDoc s : f.settings()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("key", s.key());
          m.put("description", s.description());
          m.put("secret", s.secret());
          settings.add(m);
        }
        p.put("settings", settings);
        list.add(p);
      }
      out.println(Json.mapper().writeValueAsString(Map.of("providers", list)));
      out.flush();
      return ExitCode.OK;
    }
    if (all.isEmpty()) {
      out.println("no providers on the class path");
      return ExitCode.OK;
    }
    for (LabProviderFactory f : all.values()) {
      out.printf("%-6s %s%n", f.id(), f.description());
      int width = f.settings().stream().mapToInt(s -> s.key().length()).max().orElse(0);
      for (LabProviderFactory.SettingDoc s : f.settings()) {
        out.printf(
            "       %-" + width + "s  %s%s%n",
            s.key(),
            s.description(),
            s.secret() ? " (secret)" : "");
      }
      out.println();
    }
    out.println(
        "Pass settings as --provider-opt KEY=VALUE, for example --provider-opt dir=/tmp/c.");
    out.flush();
    return ExitCode.OK;
  }
}
