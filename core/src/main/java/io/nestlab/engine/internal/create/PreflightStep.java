package io.nestlab.engine.internal.create;

import io.nestlab.ProviderException;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.WaitLevel;
import io.nestlab.engine.internal.HostRequests;
import io.nestlab.engine.internal.MediaUrls;
import io.nestlab.spi.HostRequest;
import io.nestlab.spi.PreflightReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Asks the provider whether the host can be launched (offering, quota, permissions, user-data
 * size); a failed check is a provider error, a warning reaches the user in the step's detail.
 */
final class PreflightStep extends CreateStep {
  PreflightStep() {
    super(LabStep.PREFLIGHT, WaitLevel.NONE);
  }

  @Override
  void apply(CreateContext c) {
    c.run().begin(LabStep.PREFLIGHT, Map.of());
    HostRequest probe =
        HostRequests.of(
            c.record(), null, c.publicKey(), c.userData(), c.engine().timings().guardLookahead());
    PreflightReport report = c.retry().call(() -> c.provider().preflight(probe));
    if (!report.ok()) {
      // The cloud refused (type not offered, quota, permissions): a provider error.
      throw new ProviderException(
          c.provider().id(),
          null,
          null,
          false,
          false,
          "preflight failed: " + String.join("; ", checks(report, PreflightReport.Status.FAIL)),
          null);
    }
    List<String> warnings = new ArrayList<>(checks(report, PreflightReport.Status.WARN));
    warnings.addAll(MediaUrls.foreign(c.record().spec(), c.provider().id()));
    c.run()
        .end(
            LabStep.PREFLIGHT,
            Map.of(),
            report.checks().size()
                + " checks passed"
                + (warnings.isEmpty() ? "" : "; warning: " + String.join("; warning: ", warnings)));
  }

  private static List<String> checks(PreflightReport report, PreflightReport.Status status) {
    return report.checks().stream()
        .filter(c -> c.status() == status)
        .map(c -> c.name() + ": " + c.detail())
        .toList();
  }
}
