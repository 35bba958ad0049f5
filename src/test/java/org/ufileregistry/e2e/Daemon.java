package org.ufileregistry.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A daemon started by one test and stopped by the same test. Its log is a file next to its state,
 * and the tail of that log is attached to every failing client command: a CLI usually only says
 * "error from daemon", the daemon log says why.
 */
abstract class Daemon implements AutoCloseable {

  private final String name;
  private final Path log;
  private Process process;
  private List<ProcessHandle> children = List.of();

  Daemon(String name, Path log) {
    this.name = name;
    this.log = log;
  }

  /** The command that runs the daemon in the foreground. */
  abstract List<String> command();

  /** A cheap client command that succeeds once the daemon serves its API. */
  abstract List<String> readinessProbe();

  void start() throws IOException {
    process = new ProcessBuilder(command()).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Proc.Result last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail(name + " exited with " + process.exitValue() + " during start-up\n" + logTail());
      }
      last = Proc.run(readinessProbe(), java.util.Map.of(), Duration.ofSeconds(10));
      if (last.exitCode() == 0) {
        // Remember its helpers now: once the daemon has exited they are re-parented and lost.
        children = process.descendants().toList();
        return;
      }
      sleep(100);
    }
    close();
    fail(name + " did not become ready within 60 s\n" + (last == null ? "" : last.describe()) + "\n" + logTail());
  }

  Proc.Result run(List<String> command) {
    return Proc.run(command).withContext(this::logTail);
  }

  Proc.Result run(List<String> command, Duration timeout) {
    return Proc.run(command, java.util.Map.of(), timeout).withContext(this::logTail);
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "--- last lines of " + log + "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "--- " + log + " unreadable: " + e;
    }
  }

  /** SIGTERM first so the daemon unmounts and stops its own children, then make sure. */
  @Override
  public void close() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> all = new java.util.ArrayList<>(children);
    all.addAll(process.descendants().toList());
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      for (ProcessHandle child : all) {
        if (child.isAlive()) {
          child.destroy();
          child.onExit().get(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
    process = null;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Path mkdirs(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
