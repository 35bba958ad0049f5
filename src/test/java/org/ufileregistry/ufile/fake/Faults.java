package org.ufileregistry.ufile.fake;

import java.util.EnumSet;
import java.util.Set;

/**
 * Random fault injection, applied to every UFile request (never to the admin endpoint). Rates are
 * fractions in [0,1]; one seeded generator draws for all requests, so a sequential test with a
 * fixed seed sees the same faults every run.
 *
 * @param latencyMs added before each request is handled
 * @param error503Rate fraction of requests answered 503 with a JSON body
 * @param resetRate fraction of connections closed without a response (GetFile: mid-body)
 * @param slowBodyBytesPerSec throttles request and response bodies; 0 = unthrottled
 * @param seed seed of the generator
 * @param operations operations the rates apply to; empty = all
 */
public record Faults(
    long latencyMs,
    double error503Rate,
    double resetRate,
    long slowBodyBytesPerSec,
    long seed,
    Set<Operation> operations) {

  public Faults {
    if (error503Rate < 0 || error503Rate > 1 || resetRate < 0 || resetRate > 1) {
      throw new IllegalArgumentException("rates must be within [0,1]");
    }
    if (latencyMs < 0 || slowBodyBytesPerSec < 0) {
      throw new IllegalArgumentException("latency and body rate must not be negative");
    }
    operations = operations.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(operations));
  }

  public static Faults none() {
    return new Faults(0, 0, 0, 0, 0, Set.of());
  }

  public Faults latencyMs(long ms) {
    return new Faults(ms, error503Rate, resetRate, slowBodyBytesPerSec, seed, operations);
  }

  public Faults error503Rate(double rate) {
    return new Faults(latencyMs, rate, resetRate, slowBodyBytesPerSec, seed, operations);
  }

  public Faults resetRate(double rate) {
    return new Faults(latencyMs, error503Rate, rate, slowBodyBytesPerSec, seed, operations);
  }

  public Faults slowBodyBytesPerSec(long bytesPerSec) {
    return new Faults(latencyMs, error503Rate, resetRate, bytesPerSec, seed, operations);
  }

  public Faults seed(long newSeed) {
    return new Faults(latencyMs, error503Rate, resetRate, slowBodyBytesPerSec, newSeed, operations);
  }

  public Faults only(Operation first, Operation... rest) {
    return new Faults(latencyMs, error503Rate, resetRate, slowBodyBytesPerSec, seed, EnumSet.of(first, rest));
  }

  boolean appliesTo(Operation op) {
    return operations.isEmpty() || operations.contains(op);
  }

  String toJson() {
    Json.Arr ops = Json.arr();
    operations.stream().map(Operation::apiName).sorted().forEach(ops::add);
    return Json.obj()
        .put("latencyMs", latencyMs)
        .put("error503Rate", error503Rate)
        .put("resetRate", resetRate)
        .put("slowBodyBytesPerSec", slowBodyBytesPerSec)
        .put("seed", seed)
        .putRaw("operations", ops.toString())
        .toString();
  }
}
