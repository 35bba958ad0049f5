package org.ufileregistry.base.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs storage calls that do not depend on each other at the same time. On object storage every
 * call is a network round trip (tens of milliseconds), and a push makes dozens of them; on the
 * filesystem the hand-over costs microseconds. The calls run on the server's managed executor,
 * so they carry the request's context like the request thread itself.
 */
@ApplicationScoped
public class SideBySide {
  @Resource private ManagedExecutorService managed;
  private final ExecutorService given;

  /** For CDI: the server's default managed executor. */
  public SideBySide() {
    this.given = null;
  }

  /** On an executor of the caller's (the UFile driver's lookup threads; unit tests). */
  public SideBySide(ExecutorService executor) {
    this.given = executor;
  }

  /**
   * Runs every call, the first on the calling thread, and returns when all have ended. The first
   * failure (in the order given) is rethrown as it was thrown, after the others have ended.
   */
  public void run(Runnable... calls) {
    ExecutorService executor = given != null ? given : managed;
    List<Future<?>> started = new ArrayList<>();
    for (int i = 1; i < calls.length; i++) {
      started.add(executor.submit(calls[i]));
    }
    RuntimeException first = null;
    if (calls.length > 0) {
      try {
        calls[0].run();
      } catch (RuntimeException e) {
        first = e;
      }
    }
    boolean interrupted = false;
    for (Future<?> f : started) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (first == null) {
          first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        interrupted = true;
        f.cancel(true);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      if (first == null) {
        first = new IllegalStateException("interrupted while waiting for storage calls");
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
