package org.ufileregistry.metrics.control;

import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/** MicroProfile Metrics 5 (Open Liberty mpMetrics, Payara): the application registry. */
final class MicroProfileMetricsBackend implements MeterBackend {
  private final MetricRegistry registry;

  private MicroProfileMetricsBackend(MetricRegistry registry) {
    this.registry = registry;
  }

  /** Loading this method's class fails with NoClassDefFoundError where the API is absent. */
  static MeterBackend lookup(Instance<Object> beans) {
    return new MicroProfileMetricsBackend(beans.select(MetricRegistry.class).get());
  }

  @Override
  public LongConsumer counter(String name, String description, String unit, String... tags) {
    Metadata m = Metadata.builder().withName(name).withDescription(description).withUnit(unit == null ? MetricUnits.NONE : unit).build();
    return registry.counter(m, tags(tags))::inc;
  }

  @Override
  public Consumer<Duration> timer(String name, String description, String... tags) {
    Metadata m = Metadata.builder().withName(name).withDescription(description).withUnit("seconds").build();
    return registry.timer(m, tags(tags))::update;
  }

  private static Tag[] tags(String... pairs) {
    Tag[] tags = new Tag[pairs.length / 2];
    for (int i = 0; i < tags.length; i++) {
      tags[i] = new Tag(pairs[2 * i], pairs[2 * i + 1]);
    }
    return tags;
  }

  @Override
  public String describe() {
    return "MicroProfile Metrics (application scope)";
  }
}
