package org.ufileregistry.metrics.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;

/** Micrometer, as WildFly's micrometer subsystem offers it to deployments. */
final class MicrometerBackend implements MeterBackend {
  private final MeterRegistry registry;

  private MicrometerBackend(MeterRegistry registry) {
    this.registry = registry;
  }

  static MeterBackend lookup(Instance<Object> beans) {
    return new MicrometerBackend(beans.select(MeterRegistry.class).get());
  }

  @Override
  public void count(String name, String description, String unit, long amount, String... tags) {
    Counter.builder(name).description(description).baseUnit(unit).tags(tags).register(registry).increment(amount);
  }

  @Override
  public void time(String name, String description, Duration duration, String... tags) {
    Timer.builder(name).description(description).tags(tags).register(registry).record(duration);
  }

  @Override
  public String describe() {
    return "Micrometer (" + registry.getClass().getSimpleName() + ")";
  }
}
