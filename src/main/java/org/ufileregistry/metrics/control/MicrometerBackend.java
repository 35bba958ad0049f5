package org.ufileregistry.metrics.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

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
  public LongConsumer counter(String name, String description, String unit, String... tags) {
    Counter counter = Counter.builder(name).description(description).baseUnit(unit).tags(tags).register(registry);
    return amount -> counter.increment(amount);
  }

  @Override
  public Consumer<Duration> timer(String name, String description, String... tags) {
    return Timer.builder(name).description(description).tags(tags).register(registry)::record;
  }

  @Override
  public String describe() {
    return "Micrometer (" + registry.getClass().getSimpleName() + ")";
  }
}
