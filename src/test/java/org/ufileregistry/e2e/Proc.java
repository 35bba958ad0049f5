package org.ufileregistry.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs one client command to completion. stdout and stderr go to files rather than pipes, so a
 * chatty client can never block on a full pipe while we wait for it, and stdout stays byte-exact
 * for commands such as {@code skopeo inspect --raw}.
 */
final class Proc {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  private Proc() {}

  static Result run(List<String> command) {
    return run(command, Map.of(), DEFAULT_TIMEOUT);
  }

  static Result run(List<String> command, Map<String, String> env, Duration timeout) {
    Path out = null;
    Path err = null;
    long start = System.nanoTime();
    try {
      out = Files.createTempFile("e2e-out", ".log");
      err = Files.createTempFile("e2e-err", ".log");
      ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().putAll(env);
      Process p = pb.start();
      boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        // Clients fork helpers (docker-credential-*, conmon); leave none behind.
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      Result r = new Result(command, finished ? p.exitValue() : -1, Files.readAllBytes(out),
          Files.readString(err, StandardCharsets.UTF_8), took, () -> "");
      if (!finished) {
        fail("timed out after " + timeout.toSeconds() + " s\n" + r.describe());
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command + " (clients missing? run .ci/install-deps.sh as root)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a leftover temp log is harmless
      }
    }
  }

  /** What a finished command produced; {@link #describe()} is what a failing assertion shows. */
  record Result(List<String> command, int exitCode, byte[] stdoutBytes, String stderr, Duration took,
      Supplier<String> context) {

    String stdout() {
      return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    String output() {
      return stdout() + stderr;
    }

    /** Attaches e.g. the tail of a daemon log, which often holds the real reason a CLI failed. */
    Result withContext(Supplier<String> more) {
      return new Result(command, exitCode, stdoutBytes, stderr, took, more);
    }

    Result ok() {
      assertEquals(0, exitCode, this::describe);
      return this;
    }

    Result fails() {
      assertNotEquals(0, exitCode, this::describe);
      return this;
    }

    String describe() {
      String extra = context.get();
      return "$ " + String.join(" ", command) + "\n(exit " + exitCode + " after " + took.toMillis() + " ms)\n"
          + "--- stdout\n" + truncate(stdout()) + "\n--- stderr\n" + truncate(stderr)
          + (extra.isEmpty() ? "" : "\n" + extra);
    }

    private static String truncate(String s) {
      // Keep the end: that is where clients print the error that made them give up.
      int max = 20_000;
      return s.length() <= max ? s : "[... " + (s.length() - max) + " chars cut ...]\n" + s.substring(s.length() - max);
    }
  }
}
