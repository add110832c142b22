package dev.ironclaw4j.guard.sandbox;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A process whose {@link #destroy()} kills. {@code unshare} ignores SIGTERM while it waits for the
 * sandbox it forked, so a plain destroy would leave both running; killing it takes the sandbox with it
 * ({@code --kill-child}), just as a terminated {@code bwrap} takes its sandbox ({@code --die-with-parent}).
 */
final class KillOnDestroy extends Process {
  private final Process p;

  KillOnDestroy(Process p) {
    this.p = p;
  }

  @Override
  public void destroy() {
    p.destroyForcibly();
  }

  @Override
  public Process destroyForcibly() {
    p.destroyForcibly();
    return this;
  }

  @Override
  public boolean supportsNormalTermination() {
    return false;
  }

  @Override
  public OutputStream getOutputStream() {
    return p.getOutputStream();
  }

  @Override
  public InputStream getInputStream() {
    return p.getInputStream();
  }

  @Override
  public InputStream getErrorStream() {
    return p.getErrorStream();
  }

  @Override
  public int waitFor() throws InterruptedException {
    return p.waitFor();
  }

  @Override
  public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    return p.waitFor(timeout, unit);
  }

  @Override
  public int exitValue() {
    return p.exitValue();
  }

  @Override
  public boolean isAlive() {
    return p.isAlive();
  }

  @Override
  public long pid() {
    return p.pid();
  }

  @Override
  public ProcessHandle toHandle() {
    return p.toHandle();
  }

  @Override
  public CompletableFuture<Process> onExit() {
    return p.onExit().thenApply(x -> this);
  }
}
