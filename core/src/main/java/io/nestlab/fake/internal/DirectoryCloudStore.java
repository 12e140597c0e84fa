package io.nestlab.fake.internal;

import io.nestlab.NestLabException;
import io.nestlab.internal.io.AtomicFiles;
import io.nestlab.internal.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The fake cloud in a directory ({@code cloud.json}), so it outlives a killed JVM and is shared by
 * successive CLI runs and by several processes: each operation holds an OS file lock on {@code
 * cloud.lock} (and a JVM-wide lock, since the OS lock is per process) while it reads, changes and
 * atomically rewrites the file.
 */
public final class DirectoryCloudStore implements CloudStore {
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path dir;
  private final Path file;
  private final Path lockFile;

  public DirectoryCloudStore(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
    this.file = this.dir.resolve("cloud.json");
    this.lockFile = this.dir.resolve("cloud.lock");
    try {
      AtomicFiles.createPrivateDirectories(this.dir);
      AtomicFiles.touchPrivate(lockFile);
    } catch (IOException e) {
      throw new NestLabException(
          "cannot use fake cloud directory " + this.dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public <T> T apply(Function<CloudData, T> op) {
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
    jvmLock.lock();
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      assert held.isValid();
      String before = Files.exists(file) ? Files.readString(file) : null;
      CloudData data =
          before == null ? new CloudData() : Json.mapper().readValue(before, CloudData.class);
      if (data.formatVersion > CloudData.FORMAT_VERSION) {
        throw new NestLabException(
            file
                + " has format version "
                + data.formatVersion
                + ", newer than this NestLab reads ("
                + CloudData.FORMAT_VERSION
                + "); use a newer NestLab");
      }
      T result = op.apply(data);
      String after = Json.mapper().writeValueAsString(data);
      if (!after.equals(before)) {
        AtomicFiles.write(file, after);
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("fake cloud directory " + dir + ": " + e.getMessage(), e);
    } finally {
      jvmLock.unlock();
    }
  }

  @Override
  public String describe() {
    return dir.toString();
  }
}
