package io.nestlab.fake.internal;

import io.nestlab.spi.HostCommands;
import java.time.Duration;
import java.util.Map;

/**
 * The programs a simulated L1 host answers, by name: each NestLab host program the engine drives
 * ({@code nestlab-rehearsal}, {@code nestlab-lab-power}) has its simulation; any other command is
 * "not found" (exit 127), as on a host without it. Files written go to the host's simulated files.
 */
public final class FakeHostPrograms implements HostCommands {
  private final Map<String, HostCommands> programs;
  private final HostCommands files;

  /**
   * @param programs each simulation by its program's name (no directory)
   * @param files where written files go
   */
  public FakeHostPrograms(Map<String, HostCommands> programs, HostCommands files) {
    this.programs = Map.copyOf(programs);
    this.files = files;
  }

  @Override
  public Result run(String command, Duration timeout) {
    String first = command.strip().split("\\s+", 2)[0];
    String name = first.substring(first.lastIndexOf('/') + 1);
    HostCommands program = programs.get(name);
    return program == null
        ? new Result(127, "", "sh: " + first + ": command not found\n")
        : program.run(command, timeout);
  }

  @Override
  public void writeFile(String path, byte[] content, String mode, Duration timeout) {
    files.writeFile(path, content, mode, timeout);
  }
}
