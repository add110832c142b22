package dev.ironclaw4j.server.daemon;

import dev.ironclaw4j.server.ServerException;
import dev.ironclaw4j.server.home.Home;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One server per home. The lock is an OS file lock on {@code run/server.lock}, so it is released by the
 * kernel when the process dies, even by {@code kill -9}; the file's text says who holds it.
 */
public final class ServerLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private ServerLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** What a running server wrote into its lock file. */
  public record Holder(long pid, String url) {}

  /**
   * Takes the lock of the home.
   *
   * @throws ServerException naming the running server when another process holds it
   */
  public static ServerLock acquire(Home home) {
    Path file = lockFile(home);
    try {
      FileChannel ch =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        ch.close();
        String who = holder(home).map(h -> " (pid " + h.pid() + ", " + h.url() + ")").orElse("");
        throw new ServerException("ironclaw4j is already running for the home " + home.dir() + who);
      }
      return new ServerLock(ch, l);
    } catch (IOException e) {
      throw new ServerException(ServerException.FAILURE, "cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  /** Records who holds the lock, for {@code doctor} and for a second {@code serve}. */
  public void describe(String url) {
    byte[] text = (ProcessHandle.current().pid() + " " + url + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(text), 0);
      channel.force(true);
    } catch (IOException e) {
      throw new ServerException(ServerException.FAILURE, "cannot write the lock file: " + e.getMessage(), e);
    }
  }

  /** The running server of this home, if one holds the lock. */
  public static Optional<Holder> holder(Home home) {
    Path file = lockFile(home);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock probe = ch.tryLock();
      if (probe != null) {
        probe.release();
        return Optional.empty();
      }
    } catch (java.nio.channels.OverlappingFileLockException e) {
      // held by this very process: fall through and read who
    } catch (IOException e) {
      return Optional.empty();
    }
    try {
      String[] parts = Files.readString(lockFile(home), StandardCharsets.UTF_8).strip().split(" ", 2);
      if (parts.length != 2) {
        return Optional.empty();
      }
      return Optional.of(new Holder(Long.parseLong(parts[0]), parts[1]));
    } catch (IOException | NumberFormatException e) {
      return Optional.of(new Holder(-1, "starting"));
    }
  }

  static Path lockFile(Home home) {
    return home.runDir().resolve("server.lock");
  }

  @Override
  public void close() {
    try {
      channel.truncate(0);
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The kernel releases the lock when the process exits anyway.
    }
  }
}
