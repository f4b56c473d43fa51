package dev.minikafka.bench.suite;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The systems the harness knows, by name, in the order tables list them. minikafka comes first:
 * every ratio is minikafka's figure over a peer's.
 */
final class Systems {
  static final String MINIKAFKA = "minikafka";

  private final Map<String, BiFunction<Durability, Plan, BenchSystem>> factories;

  /**
   * The systems the harness compares, minikafka's launcher and classroom broker under {@code root}.
   */
  Systems(Path root) {
    factories = new LinkedHashMap<>();
    factories.put(MINIKAFKA, (d, plan) -> new MinikafkaSystem(root, d));
    factories.put("kafka", (d, plan) -> new KafkaSystem(d));
    factories.put("redis", (d, plan) -> new RedisSystem(d));
    factories.put("nats", (d, plan) -> new NatsSystem(d));
    factories.put(
        "classroom-python",
        (d, plan) -> new ClassroomPythonSystem(root, plan.classroomFillLimit()));
  }

  /** Other systems, in the given order (for testing the harness). */
  Systems(Map<String, BiFunction<Durability, Plan, BenchSystem>> factories) {
    this.factories = new LinkedHashMap<>(factories);
  }

  /** Every known name. */
  List<String> names() {
    return List.copyOf(factories.keySet());
  }

  /** A new, unstarted instance of {@code name} for {@code profile}. */
  BenchSystem create(String name, Durability profile, Plan plan) {
    BiFunction<Durability, Plan, BenchSystem> f = factories.get(name);
    if (f == null) {
      throw new IllegalArgumentException("unknown system " + name + " (known: " + names() + ")");
    }
    return f.apply(profile, plan);
  }
}
