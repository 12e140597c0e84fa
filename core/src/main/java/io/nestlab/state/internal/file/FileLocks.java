package io.nestlab.state.internal.file;

import io.nestlab.internal.io.AtomicFiles;
import io.nestlab.state.LabLockedException;
import io.nestlab.state.LabStateException;
import io.nestlab.state.LabStore.LabLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The directory store's locks: an OS file lock, released by the kernel when the process dies, with
 * an owner note beside it for other processes' messages.
 */
public final class FileLocks {
  private static final Map<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

  private FileLocks() {}

  /**
   * Takes the lock of {@code lockFile} now.
   *
   * @throws LabLockedException starting with {@code busy} (and the owner note) when another holds
   *     it
   */
  public static LabLock tryLock(Path lockFile, Path ownerFile, String labId, String busy) {
    FileChannel ch = null;
    try {
      AtomicFiles.touchPrivate(lockFile);
      ch = FileChannel.open(lockFile, StandardOpenOption.WRITE);
      FileLock held;
      try {
        held = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        held = null;
      }
      if (held == null) {
        ch.close();
        throw new LabLockedException(
            busy + ownerNote(ownerFile) + "; wait for it to finish, then try again");
      }
      // For messages only: no fsync needed, the lock itself is what counts. Private like every
      // state file (0600).
      AtomicFiles.touchPrivate(ownerFile);
      Files.writeString(
          ownerFile, "pid " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n");
      return new Held(labId, ch, held, null);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new LabStateException("cannot lock lab '" + labId + "': " + e.getMessage(), e);
    }
  }

  /**
   * Takes the lock of {@code lockFile}, waiting for another thread or process to release it (a
   * short critical section such as a budget admission; the holder never waits on anything else).
   */
  public static LabLock waitFor(Path lockFile, String what) {
    // One JVM may hold a file's lock once: threads of this process queue on a semaphore first.
    Semaphore inProcess =
        IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new Semaphore(1));
    try {
      inProcess.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabStateException("interrupted while waiting for " + lockFile, e);
    }
    FileChannel ch = null;
    try {
      AtomicFiles.touchPrivate(lockFile);
      ch = FileChannel.open(lockFile, StandardOpenOption.WRITE);
      return new Held(what, ch, ch.lock(), inProcess);
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      inProcess.release();
      throw new LabStateException("cannot lock " + lockFile + ": " + e.getMessage(), e);
    }
  }

  private static String ownerNote(Path ownerFile) {
    try {
      return " (" + Files.readString(ownerFile).trim() + ")";
    } catch (IOException e) {
      return ""; // no owner note: say nothing about it
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // already failing
      }
    }
  }

  private static final class Held implements LabLock {
    private final String labId;
    private final FileChannel channel;
    private final FileLock lock;
    private final Semaphore inProcess;
    private boolean closed;

    Held(String labId, FileChannel channel, FileLock lock, Semaphore inProcess) {
      this.labId = labId;
      this.channel = channel;
      this.lock = lock;
      this.inProcess = inProcess;
    }

    @Override
    public String labId() {
      return labId;
    }

    @Override
    public boolean stillHeld() {
      return lock.isValid();
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (lock.isValid()) {
          lock.release();
        }
      } catch (IOException e) {
        // closing the channel releases it too
      }
      closeQuietly(channel);
      if (inProcess != null) {
        inProcess.release();
      }
    }
  }
}
