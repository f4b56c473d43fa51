package dev.minikafka.checker.faults;

import dev.minikafka.checker.broker.BrokerNode;
import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.History;
import dev.minikafka.checker.history.Op;
import dev.minikafka.checker.history.Outcome;
import dev.minikafka.checker.history.Rec;
import dev.minikafka.checker.workload.Gate;
import dev.minikafka.checker.workload.Observer;
import dev.minikafka.checker.workload.SdkConsumerClient;
import dev.minikafka.checker.workload.Topics;
import dev.minikafka.core.TopicPartition;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Injects one fault at a time into the running system, each bounded in time, and leaves the real
 * broker ({@link BrokerNode.Mode#PLAIN}) running afterwards. Every fault is an event of the
 * history. Used by one thread (the run's).
 */
public final class FaultInjector {
  private static final String NAME = "nemesis";

  private final BrokerNode broker;
  private final History history;
  private final Gate gate;
  private final Topics topics;
  private final Observer observer;
  private final List<SdkConsumerClient> consumers;
  private final List<String> groups;
  private final DiskSpace disk;
  private final Random random;
  private final Duration sessionTimeout;
  private final int port;
  private final AtomicLong seq = new AtomicLong();

  /**
   * @param disk the tmpfs of the data directory, or null (then {@link FaultKind#DISK_FULL} runs as
   *     a {@link FaultKind#WRITE_FAILURE})
   */
  public FaultInjector(
      BrokerNode broker,
      int port,
      History history,
      Gate gate,
      Topics topics,
      Observer observer,
      List<SdkConsumerClient> consumers,
      List<String> groups,
      DiskSpace disk,
      Random random,
      Duration sessionTimeout) {
    this.broker = broker;
    this.port = port;
    this.history = history;
    this.gate = gate;
    this.topics = topics;
    this.observer = observer;
    this.consumers = List.copyOf(consumers);
    this.groups = List.copyOf(groups);
    this.disk = disk;
    this.random = random;
    this.sessionTimeout = sessionTimeout;
  }

  /** Injects {@code kind}; returns with the plain broker running. */
  public void inject(FaultKind kind) throws IOException, InterruptedException {
    switch (kind) {
      case KILL -> crashAndRestart("kill", "SIGKILL");
      case PAUSE -> pause();
      case FSYNC_FAILURE -> diskFault(true);
      case WRITE_FAILURE -> diskFault(false);
      case DISK_FULL -> {
        if (disk == null) {
          diskFault(false);
        } else {
          diskFull();
        }
      }
      case TAIL_DAMAGE -> tailDamage();
      case CLIENT_KILL -> clientKill();
      case CONSUMER_STALL -> stall();
    }
  }

  /** Starts the plain broker if none runs (after a failed fault, say). */
  public void ensureRunning() throws IOException, InterruptedException {
    if (broker.mode() == BrokerNode.Mode.FAULTY) {
      broker.kill();
    }
    if (broker.mode() == null) {
      broker.start(BrokerNode.Mode.PLAIN);
    }
  }

  private void fault(String kind, String detail) {
    history.event(NAME, new Action.Fault(kind, detail));
  }

  private void crashAndRestart(String kind, String detail)
      throws IOException, InterruptedException {
    fault(kind, detail);
    broker.kill();
    Thread.sleep(random.nextInt(500)); // downtime, part of the fault
    broker.start(BrokerNode.Mode.PLAIN);
    observeCommitted();
  }

  private void observeCommitted() {
    for (String g : groups) {
      observer.committed(g);
    }
  }

  private void pause() throws IOException, InterruptedException {
    long millis = sessionTimeout.toMillis() + 1000 + random.nextInt(2000);
    fault(
        "pause",
        "SIGSTOP for " + millis + " ms (session timeout " + sessionTimeout.toMillis() + " ms)");
    broker.pause();
    try {
      Thread.sleep(millis); // the length of the pause is the fault
    } finally {
      broker.resume();
    }
  }

  private void diskFault(boolean fsync) throws IOException, InterruptedException {
    broker.kill();
    broker.start(BrokerNode.Mode.FAULTY);
    TopicPartition tp = topics.pick(random);
    long window = 1000L + random.nextInt(2000);
    if (fsync) {
      fault("fsync-failure", "every fsync of " + tp + " fails for " + window + " ms, then SIGKILL");
      broker.command("fail-fsync " + tp);
    } else {
      long bytes = random.nextInt(64 * 1024);
      fault(
          "write-failure",
          "writes to "
              + tp
              + " run out of space after "
              + bytes
              + " more bytes, for "
              + window
              + " ms, then SIGKILL");
      broker.command("limit-space " + tp + " " + bytes);
    }
    Thread.sleep(window); // how long the disk misbehaves
    broker.command("heal");
    broker.kill();
    broker.start(BrokerNode.Mode.PLAIN);
    observeCommitted();
  }

  private void diskFull() throws IOException, InterruptedException {
    long window = 1000L + random.nextInt(2000);
    long ballast = disk.fill();
    fault(
        "disk-full",
        "the data directory's tmpfs is full ("
            + ballast
            + " bytes of ballast) for "
            + window
            + " ms");
    try {
      Thread.sleep(window); // how long the disk stays full
    } finally {
      disk.release();
    }
  }

  private void clientKill() throws IOException {
    List<TopicPartition> tps = topics.produced();
    TopicPartition tp = tps.get(random.nextInt(tps.size()));
    boolean cut = random.nextBoolean();
    long n = seq.getAndIncrement();
    String did = MidRequestKill.run(port, tp, "killed-client-" + n, cut, history, n);
    fault("client-kill", did);
  }

  private void stall() {
    SdkConsumerClient c = consumers.get(random.nextInt(consumers.size()));
    Duration pause = sessionTimeout.plusMillis(1000 + random.nextInt(1000));
    fault("consumer-stall", c.name() + " will stall " + pause.toMillis() + " ms before a commit");
    c.stall(pause);
  }

  /**
   * Quiesces the workload, writes to one partition of the damaged topic without ever looking at the
   * answers, crashes the broker once those bytes are in the segment, damages the segment past
   * everything any client observed, and restarts.
   */
  private void tailDamage() throws IOException, InterruptedException {
    if (!gate.quiesce(Duration.ofSeconds(60))) {
      gate.open();
      fault("tail-damage", "skipped: the workload did not quiesce within 60 s");
      return;
    }
    try {
      List<TopicPartition> tps = topics.damaged();
      TopicPartition tp = tps.get(random.nextInt(tps.size()));
      Path dir = broker.dataDir().resolve(tp.toString());
      long sizeBefore = segmentBytes(dir);
      HttpClient http = HttpClient.newHttpClient();
      List<Action.Send> sacrificed = new ArrayList<>();
      // Their answers are never looked at: nobody may observe these writes.
      List<CompletableFuture<HttpResponse<Void>>> unread = new ArrayList<>();
      long invoked = history.now();
      int requests = 2 + random.nextInt(5);
      for (int i = 0; i < requests; i++) {
        long n = seq.getAndIncrement();
        Action.Send s = new Action.Send("unobserved", n, tp, "unobserved-" + n, -1);
        sacrificed.add(s);
        unread.add(
            http.sendAsync(
                HttpRequest.newBuilder(
                        URI.create(broker.url() + "/v1/topics/" + tp.topic() + "/records"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"records\":[{\"partition\":"
                                + tp.partition()
                                + ",\"value\":\""
                                + s.value()
                                + "\"}]}"))
                    .build(),
                HttpResponse.BodyHandlers.discarding()));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (segmentBytes(dir) == sizeBefore && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      broker.kill();
      unread.forEach(f -> f.cancel(true));
      http.shutdownNow();
      for (Action.Send s : sacrificed) {
        history.record(
            "unobserved",
            invoked,
            Outcome.UNKNOWN,
            s,
            "answer deliberately ignored; broker killed");
      }
      String did = SegmentTail.damage(broker.dataDir(), tp, highestObserved(tp), random);
      fault("tail-damage", did);
      broker.start(BrokerNode.Mode.PLAIN);
      observeCommitted();
    } finally {
      gate.open();
    }
  }

  private long highestObserved(TopicPartition tp) {
    long highest = -1;
    for (Op op : history.ops()) {
      if (!op.ok()) {
        continue;
      }
      switch (op.action()) {
        case Action.Send s when s.tp().equals(tp) -> highest = Math.max(highest, s.offset());
        case Action.Poll p -> highest = Math.max(highest, highest(p.records(), tp));
        case Action.Read r -> highest = Math.max(highest, highest(r.records(), tp));
        default -> {}
      }
    }
    return highest;
  }

  private static long highest(List<Rec> recs, TopicPartition tp) {
    long h = -1;
    for (Rec r : recs) {
      if (r.tp().equals(tp)) {
        h = Math.max(h, r.offset());
      }
    }
    return h;
  }

  private static long segmentBytes(Path dir) throws IOException {
    long total = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.log")) {
      for (Path f : files) {
        total += Files.size(f);
      }
    }
    return total;
  }
}
