package org.ufileregistry.metrics.control;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The server's metrics library, whichever it is: MicroProfile Metrics on Open Liberty and Payara,
 * Micrometer on WildFly. Only the adapter for the library present is ever loaded, so the WAR
 * links against both APIs ({@code provided}) and runs where either, or neither, exists.
 */
interface MeterBackend {
  /**
   * The counter {@code name} with the given tag pairs (key, value, key, value, ...), registered
   * once; the caller keeps the handle, since registry lookups cost more than the increment.
   */
  LongConsumer counter(String name, String description, String unit, String... tags);

  Consumer<Duration> timer(String name, String description, String... tags);

  String describe();
}
