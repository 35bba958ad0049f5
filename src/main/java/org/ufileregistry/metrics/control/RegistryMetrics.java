package org.ufileregistry.metrics.control;

import java.io.InputStream;
import java.io.IOException;
import java.io.FilterInputStream;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What operators watch: pushes, pulls, bytes in and out, errors by code, storage latency and
 * storage retries. Recorded into the server's own metrics library so they appear on its
 * endpoint next to the server's metrics (see each server-config README for the URL).
 */
@ApplicationScoped
public class RegistryMetrics {
  private static final Logger LOG = Logger.getLogger(RegistryMetrics.class.getName());

  private MeterBackend backend;
  /** Handles by name and tags: a blob stream reports every read, so no lookup per report. */
  private final Map<String, LongConsumer> counters = new ConcurrentHashMap<>();
  private final Map<String, Consumer<Duration>> timers = new ConcurrentHashMap<>();

  /**
   * Looked up through an injected Instance rather than CDI.current(): the lookup then has an
   * injection point, which Liberty's MetricRegistry producer needs (it fails without one).
   */
  @Inject Instance<Object> beans;

  @PostConstruct
  void chooseBackend() {
    // By name: a direct reference would link the adapter, and with it an API the server may lack.
    for (String adapter : List.of("MicroProfileMetricsBackend", "MicrometerBackend")) {
      try {
        backend = (MeterBackend) Class.forName(RegistryMetrics.class.getPackageName() + "." + adapter)
            .getDeclaredMethod("lookup", Instance.class).invoke(null, beans);
        LOG.info(() -> "registry metrics go to " + backend.describe());
        return;
      } catch (ReflectiveOperationException | LinkageError | RuntimeException absent) {
        // NoClassDefFoundError where the API is missing, unsatisfied resolution where nothing provides it
        LOG.log(Level.FINE, "metrics backend not available", absent);
      }
    }
    backend = null;
    LOG.info("no metrics library on this server (MicroProfile Metrics or Micrometer): registry metrics are off");
  }

  /** A manifest was pushed (PUT accepted). */
  public void pushed() {
    count("registry.pushes", "Manifests pushed", null, 1);
  }

  /** A manifest was pulled (GET answered). */
  public void pulled() {
    count("registry.pulls", "Manifests pulled", null, 1);
  }

  /** The request body of a blob upload, counted into bytes-in as it is read. */
  public InputStream countingIn(InputStream body) {
    if (body == null) {
      return null;
    }
    return new FilterInputStream(body) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          bytesIn(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        bytesIn(n);
        return n;
      }
    };
  }

  public void bytesIn(long n) {
    if (n > 0) {
      count("registry.bytes.in", "Blob bytes received", "bytes", n);
    }
  }

  public void bytesOut(long n) {
    if (n > 0) {
      count("registry.bytes.out", "Blob bytes sent", "bytes", n);
    }
  }

  /** An error response, by the code clients read from it. */
  public void error(String code) {
    count("registry.errors", "Error responses by error code", null, 1, "code", code);
  }

  public void storageCall(String operation, Duration took) {
    if (backend != null) {
      safely(() -> timers.computeIfAbsent(operation,
              op -> backend.timer("registry.storage.latency", "Storage backend calls", "op", op))
          .accept(took));
    }
  }

  /** A storage call failed in a way the fault tolerance policy retries (UFile 5xx, resets, timeouts). */
  public void storageRetry(String operation) {
    count("registry.storage.retries", "Failed storage attempts of a retryable kind", null, 1, "op", operation);
  }

  private void count(String name, String description, String unit, long amount, String... tags) {
    if (backend != null) {
      // Blob streams count every read: the untagged counters' key is the name itself, no string built.
      String key = tags.length == 0 ? name : name + '\u0000' + String.join("\u0000", tags);
      safely(() -> counters.computeIfAbsent(key,
              k -> backend.counter(name, description, unit, tags))
          .accept(amount));
    }
  }

  /** Metrics must never fail a push or a pull. */
  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "recording a metric failed", e);
    }
  }
}
