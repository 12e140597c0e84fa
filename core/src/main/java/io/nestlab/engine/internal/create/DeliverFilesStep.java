package io.nestlab.engine.internal.create;

import io.nestlab.NestLabException;
import io.nestlab.access.LabAccess;
import io.nestlab.access.SshConnection;
import io.nestlab.access.SshTarget;
import io.nestlab.engine.LabStep;
import io.nestlab.engine.WaitLevel;
import io.nestlab.engine.internal.Messages;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Copies the files the user data had no room for to the host, as root, once its SSH key is verified
 * against its console; then forgets them. A failure fails the creation: without them the host
 * cannot deploy vCenter.
 */
final class DeliverFilesStep extends CreateStep {
  DeliverFilesStep() {
    super(LabStep.DELIVER_FILES, WaitLevel.READY);
  }

  @Override
  boolean isDone(CreateContext c) {
    return c.run().ended(LabStep.DELIVER_FILES) || c.vault().deferredFiles().isEmpty();
  }

  @Override
  void apply(CreateContext c) {
    String labId = c.run().labId();
    Map<String, String> files = c.vault().deferredFiles();
    c.run().begin(LabStep.DELIVER_FILES, Map.of("files", String.valueOf(files.size())));
    Optional<SshTarget> target = LabAccess.targetOf(c.provider(), c.record().publicIp());
    if (target.isEmpty()) {
      throw new NestLabException(
          "lab "
              + labId
              + " needs "
              + files.size()
              + " files copied to its host over SSH, but "
              + c.provider().id()
              + " hosts cannot be reached over SSH");
    }
    try (SshConnection ssh =
        HostSsh.access(c, target.get()).open(HostSsh.labKey(c), HostSsh.SSH_TIMEOUT)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        ssh.writeFile(
            f.getKey(), f.getValue().getBytes(StandardCharsets.UTF_8), "0755", HostSsh.SSH_TIMEOUT);
      }
    } catch (RuntimeException e) {
      throw new NestLabException(
          "copying "
              + files.size()
              + " vCenter files to the host of lab "
              + labId
              + " failed: "
              + Messages.of(e),
          e); // what can be done next depends on the cleanup: the create failure says it
    }
    c.vault().saveDeferredFiles(Map.of());
    c.run().end(LabStep.DELIVER_FILES, Map.of(), files.size() + " files copied to the host");
  }

  /** Tells the user, when a creation returns before this step, how the files get copied. */
  static void remind(CreateContext c) {
    int n = c.vault().deferredFiles().size();
    if (n > 0 && !c.run().ended(LabStep.DELIVER_FILES)) {
      c.run().info(LabStep.DELIVER_FILES, Messages.deferredFilesReminder(c.run().labId(), n));
    }
  }
}
