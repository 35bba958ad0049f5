package org.ufileregistry.metrics.control;

import java.time.Duration;

/**
 * The server's metrics library, whichever it is: MicroProfile Metrics on Open Liberty and Payara,
 * Micrometer on WildFly. Only the adapter for the library present is ever loaded, so the WAR
 * links against both APIs ({@code provided}) and runs where either, or neither, exists.
 */
interface MeterBackend {
  /** Adds to the counter {@code name} with the given tag pairs (key, value, key, value, ...). */
  void count(String name, String description, String unit, long amount, String... tags);

  void time(String name, String description, Duration duration, String... tags);

  String describe();
}
