package dev.minikafka.checker;

import dev.minikafka.checker.broker.BrokerNode;
import dev.minikafka.checker.check.Properties;
import dev.minikafka.checker.check.Violation;
import dev.minikafka.checker.faults.DiskSpace;
import dev.minikafka.checker.faults.FaultInjector;
import dev.minikafka.checker.faults.FaultKind;
import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.History;
import dev.minikafka.checker.workload.ClassroomProducerClient;
import dev.minikafka.checker.workload.Gate;
import dev.minikafka.checker.workload.HttpProducerClient;
import dev.minikafka.checker.workload.Observer;
import dev.minikafka.checker.workload.RawHttp;
import dev.minikafka.checker.workload.SdkConsumerClient;
import dev.minikafka.checker.workload.SdkProducerClient;
import dev.minikafka.checker.workload.Topics;
import dev.minikafka.checker.workload.WorkloadClient;
import dev.minikafka.client.Admin;
import dev.minikafka.client.GroupDescription;
import dev.minikafka.client.NewTopic;
import dev.minikafka.core.TopicPartition;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One run of the checker: starts the broker, creates the topics, runs the workload while the {@link
 * FaultPlan}'s faults happen, heals everything, crashes the broker once more, lets the groups catch
 * up, reads every partition, and checks the {@link Properties} on the history.
 */
public final class CheckerRun {
  static final String GROUP = "checker-group";
  private static final Duration CATCH_UP = Duration.ofSeconds(90);

  private final CheckerConfig config;
  private final Path jar;
  private final String harnessClasspath;
  private final Path workDir;

  /**
   * @param jar the broker's jar
   * @param harnessClasspath the class path of the fault-injecting broker
   * @param workDir where the data directory and the broker logs go (emptied first)
   */
  public CheckerRun(CheckerConfig config, Path jar, String harnessClasspath, Path workDir) {
    this.config = config;
    this.jar = jar;
    this.harnessClasspath = harnessClasspath;
    this.workDir = workDir;
  }

  /**
   * What a run found.
   *
   * @param config its configuration
   * @param started when it started
   * @param history every operation
   * @param violations every broken property
   * @param brokerStarts how many times the broker was started
   * @param tmpfs whether the data directory was on a tmpfs (real disk-full faults)
   * @param caughtUp whether the groups consumed everything before the end
   * @param took how long the run took, from the broker's first start to the checked history
   */
  public record Result(
      CheckerConfig config,
      Instant started,
      History history,
      List<Violation> violations,
      int brokerStarts,
      boolean tmpfs,
      boolean caughtUp,
      Duration took) {}

  /** Runs the checker. */
  public Result run() throws IOException, InterruptedException {
    Instant started = Instant.now();
    deleteRecursively(workDir);
    Files.createDirectories(workDir);
    DiskSpace disk = DiskSpace.mount(workDir.resolve("fs"), config.tmpfsMegabytes());
    Path dataDir = (disk == null ? workDir : disk.root()).resolve("data");
    int port = freePort();
    History history = new History();
    Random random = new Random(config.seed());
    try (BrokerNode broker =
        new BrokerNode(jar, harnessClasspath, dataDir, workDir.resolve("logs"), port)) {
      broker.start(BrokerNode.Mode.PLAIN);
      Topics topics =
          new Topics(
              Map.of("checker-a", 3, "checker-b", 2),
              "checker-classroom",
              Map.of("checker-tail", 2));
      createTopics(broker.url(), topics);
      Gate gate = new Gate();
      List<WorkloadClient> producers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        producers.add(
            new SdkProducerClient(
                "sdk-producer-" + i,
                broker.url(),
                topics,
                history,
                gate,
                random.nextLong(),
                config.pace()));
      }
      producers.add(
          new HttpProducerClient(
              "http-producer",
              broker.url(),
              topics,
              history,
              gate,
              random.nextLong(),
              config.pace().multipliedBy(2)));
      producers.add(
          new ClassroomProducerClient(
              "classroom-producer",
              broker.url(),
              topics.classroom(),
              history,
              gate,
              config.pace().multipliedBy(2)));
      List<SdkConsumerClient> consumers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        consumers.add(
            new SdkConsumerClient(
                "sdk-consumer-" + i,
                GROUP,
                broker.url(),
                topics.subscribed(),
                history,
                gate,
                config.sessionTimeout()));
      }
      List<Thread> producerThreads = startAll(producers);
      List<Thread> consumerThreads = startAll(consumers);
      try (Observer observer = new Observer(broker.url(), history)) {
        FaultInjector faults =
            new FaultInjector(
                broker,
                port,
                history,
                gate,
                topics,
                observer,
                consumers,
                List.of(GROUP),
                disk,
                random,
                config.sessionTimeout());
        long begin = System.nanoTime();
        for (FaultPlan.Planned f : FaultPlan.of(config, random).faults()) {
          sleepUntil(begin + f.at().toNanos());
          try {
            faults.inject(f.kind());
          } catch (IOException e) {
            // The fault could not finish (say the broker would not start): on the record, and the
            // run goes on if the real broker starts again; if it does not, that ends the run.
            history.event(
                "nemesis", new Action.Fault("fault-error", f.kind() + ": " + e.getMessage()));
          }
          noticeCrash(broker, history, faults);
        }
        sleepUntil(begin + config.duration().toNanos());
        // The end: one more crash, so that the final state is the recovered one.
        noticeCrash(broker, history, faults);
        faults.inject(FaultKind.KILL);
        stopAll(producers, producerThreads);
        boolean caughtUp = awaitCaughtUp(observer, topics);
        stopAll(consumers, consumerThreads);
        observer.committed(GROUP);
        for (TopicPartition tp : topics.all()) {
          observer.drain(tp);
        }
        List<Violation> violations = Properties.check(history.ops());
        writeHistory(history, workDir.resolve("history.txt"));
        return new Result(
            config,
            started,
            history,
            violations,
            broker.starts(),
            disk != null,
            caughtUp,
            Duration.between(started, Instant.now()));
      } finally {
        for (WorkloadClient c : producers) {
          c.stop();
        }
        for (WorkloadClient c : consumers) {
          c.stop();
        }
        gate.open();
      }
    } finally {
      if (disk != null) {
        disk.close();
      }
    }
  }

  /** Brings the real broker back if a fault left it dead (recorded: it died by itself). */
  private static void noticeCrash(BrokerNode broker, History history, FaultInjector faults)
      throws IOException, InterruptedException {
    if (broker.mode() == null) {
      history.event(
          "nemesis", new Action.Fault("crash", "the broker exited by itself (see its log)"));
    }
    faults.ensureRunning();
  }

  private static void createTopics(String url, Topics topics)
      throws IOException, InterruptedException {
    try (Admin admin = Admin.builder().bootstrap(url).build()) {
      topics.consumed().forEach((t, n) -> admin.createTopic(NewTopic.of(t, n)));
      topics.tail().forEach((t, n) -> admin.createTopic(NewTopic.of(t, n)));
    }
    RawHttp.Answer a =
        new RawHttp(url).post("/topics/register", Map.of("topic", topics.classroom()));
    if (a.status() / 100 != 2) {
      throw new IOException(
          "registering " + topics.classroom() + ": " + a.status() + " " + a.text());
    }
  }

  /** Waits until the group's committed offsets reach every subscribed partition's end. */
  private boolean awaitCaughtUp(Observer observer, Topics topics) throws InterruptedException {
    long deadline = System.nanoTime() + CATCH_UP.toNanos();
    List<TopicPartition> subscribed = new ArrayList<>();
    for (TopicPartition tp : topics.all()) {
      if (topics.subscribed().contains(tp.topic())) {
        subscribed.add(tp);
      }
    }
    while (System.nanoTime() < deadline) {
      GroupDescription d = observer.committed(GROUP);
      if (d != null && caughtUp(observer, d, subscribed)) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  private static boolean caughtUp(Observer observer, GroupDescription d, List<TopicPartition> tps)
      throws InterruptedException {
    for (TopicPartition tp : tps) {
      GroupDescription.CommittedOffset o = d.offsets().get(tp);
      long end = observer.highWatermark(tp);
      if (end < 0) {
        return false;
      }
      if (end > 0 && (o == null || o.committed().isEmpty() || o.committed().getAsLong() < end)) {
        return false;
      }
    }
    return true;
  }

  /** One operation a line, in completion order: the evidence behind the report. */
  private static void writeHistory(History history, Path file) throws IOException {
    try (var out = Files.newBufferedWriter(file)) {
      for (var op : history.ops()) {
        out.write(op.toString());
        out.newLine();
      }
    }
  }

  private static List<Thread> startAll(List<? extends WorkloadClient> clients) {
    List<Thread> threads = new ArrayList<>();
    for (WorkloadClient c : clients) {
      Thread t = new Thread(c, c.name());
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    return threads;
  }

  private static void stopAll(List<? extends WorkloadClient> clients, List<Thread> threads)
      throws InterruptedException {
    clients.forEach(WorkloadClient::stop);
    for (Thread t : threads) {
      t.join(Duration.ofSeconds(60));
    }
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      Thread.sleep(Duration.ofNanos(left)); // the schedule of the run, not a synchronisation
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Path fs = dir.resolve("fs");
    if (Files.isDirectory(fs)) {
      // A mount left by a run that died: unmount before deleting.
      DiskSpace.unmount(fs);
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
