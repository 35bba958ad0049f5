package org.ufileregistry.base.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SideBySideTest {
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final SideBySide sideBySide = new SideBySide(executor);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void callsRunAtTheSameTime() {
    // Each call waits for all three to have started: run one after the other, they never would.
    CountDownLatch started = new CountDownLatch(3);
    Runnable call = () -> {
      started.countDown();
      try {
        assertTrue(started.await(5, TimeUnit.SECONDS), "the calls did not overlap");
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    };
    sideBySide.run(call, call, call);
  }

  @Test
  void theFirstFailureInOrderIsThrownAfterEveryCallEnded() {
    AtomicInteger ended = new AtomicInteger();
    IllegalArgumentException second = new IllegalArgumentException("second");
    IllegalStateException third = new IllegalStateException("third");
    RuntimeException thrown = assertThrows(RuntimeException.class, () -> sideBySide.run(
        ended::incrementAndGet,
        () -> {
          ended.incrementAndGet();
          throw second;
        },
        () -> {
          ended.incrementAndGet();
          throw third;
        },
        () -> {
          sleep(200);
          ended.incrementAndGet();
        }));
    assertSame(second, thrown, "the exception itself, not a wrapper");
    assertEquals(4, ended.get(), "every call had ended when run returned");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
