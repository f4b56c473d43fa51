package dev.minikafka.storage;

import dev.minikafka.core.TopicNames;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.InvalidPartitionsException;
import dev.minikafka.core.errors.MiniKafkaException;
import dev.minikafka.core.errors.StorageException;
import dev.minikafka.core.errors.TopicExistsException;
import dev.minikafka.core.errors.UnknownTopicOrPartitionException;
import dev.minikafka.storage.internal.AtomicFiles;
import dev.minikafka.storage.internal.IoErrors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * All topics of one data directory: their metadata and their partition logs.
 *
 * <p>Layout: {@code <dataDir>/<topic>-<partition>/} per partition, as Kafka lays it out; {@code
 * <dataDir>/topic-metadata/<topic>} per topic (partition count, topic id, config overrides, in
 * properties form), written atomically through {@code <topic>+tmp}. The suffixes use a character no
 * topic name may hold, so no name's file can be taken for another's, and every file name fits the
 * 255 bytes file systems allow for Kafka's longest names (249 characters; a partition directory's
 * {@code -9999} included). The layout of earlier versions, {@code
 * <dataDir>/topics/<topic>.properties}, is moved to this one on open; {@code .clean-shutdown}
 * present only between a clean close and the next open; {@code .lock} held while open so that two
 * processes never share a directory.
 *
 * <p>Recovery points: every {@value #RECOVERY_POINT_INTERVAL_MS} ms each log's flushed offset is
 * written to {@code recovery-point-offset-checkpoint} (Kafka's name and format), so that after an
 * unclean stop a bad batch below it is reported as corruption of durable data instead of cut.
 *
 * <p>Crash safety: a topic exists once its metadata file exists; partition directories it names but
 * lacks are created on open. Deletion first renames the metadata to {@code <topic>+del}, so a
 * deletion cut short by a crash is finished on the next open.
 *
 * <p>Thread-safety: safe for concurrent use. Topic changes (create, delete, alter) are serialized;
 * lookups take no lock.
 */
public final class LogManager implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LogManager.class.getName());
  private static final String CLEAN_SHUTDOWN = ".clean-shutdown";
  private static final String LOCK = ".lock";
  private static final String TOPIC_METADATA = "topic-metadata";
  private static final String TEMP_SUFFIX = "+tmp";
  private static final String DELETE_SUFFIX = "+del";
  // The layout before topic-metadata/, whose suffixes left room for names of 237 characters only.
  private static final String LEGACY_TOPICS = "topics";
  private static final String LEGACY_META_SUFFIX = ".properties";
  private static final String LEGACY_DELETE_SUFFIX = ".properties-delete";

  private static final String RECOVERY_POINTS = "recovery-point-offset-checkpoint";

  /** How often each log's recovery point (its flushed offset) is checkpointed. */
  public static final long RECOVERY_POINT_INTERVAL_MS = 10_000;

  /** The most partitions one topic may have. */
  public static final int MAX_PARTITIONS = 10_000;

  private final StorageConfig config;
  private final Path dataDir;
  private final Path topicsDir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Map<String, TopicMetadata> topics = new ConcurrentHashMap<>();
  private final Map<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();
  private final Object adminLock = new Object();
  private final ScheduledExecutorService scheduler;
  private final AtomicBoolean checkpointQueued = new AtomicBoolean();
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
  private final boolean openedClean;
  private volatile boolean closed;

  private LogManager(StorageConfig config) throws IOException {
    this.config = config;
    this.dataDir = config.dataDir().toAbsolutePath();
    this.topicsDir = dataDir.resolve(TOPIC_METADATA);
    Files.createDirectories(topicsDir);
    this.lockChannel =
        FileChannel.open(
            dataDir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock acquired;
    try {
      acquired = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      acquired = null; // held by another manager in this JVM
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
    if (acquired == null) {
      lockChannel.close();
      throw new StorageException("data directory " + dataDir + " is in use by another process");
    }
    this.lock = acquired;
    this.openedClean = Files.exists(dataDir.resolve(CLEAN_SHUTDOWN));
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "minikafka-log-manager");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Opens the data directory, creating it if needed, and every topic's logs in it. After an unclean
   * stop each log's last segment is validated and a torn tail cut.
   *
   * @throws StorageException when the directory is in use or cannot be read
   * @throws dev.minikafka.core.errors.CorruptRecordException when a sealed segment is corrupt
   */
  public static LogManager open(StorageConfig config) {
    LogManager manager;
    try {
      manager = new LogManager(config);
    } catch (IOException e) {
      throw new StorageException(
          "cannot open data directory " + config.dataDir() + ": " + IoErrors.describe(e), e);
    }
    try {
      manager.load();
    } catch (IOException e) {
      manager.abandon();
      throw new StorageException(
          "cannot open data directory " + config.dataDir() + ": " + IoErrors.describe(e), e);
    } catch (RuntimeException e) {
      manager.abandon();
      throw e;
    }
    return manager;
  }

  private void load() throws IOException {
    moveLegacyMetadata();
    List<Path> metadataFiles = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(topicsDir)) {
      for (Path f : files) {
        String file = f.getFileName().toString();
        if (file.endsWith(DELETE_SUFFIX)) {
          finishDeletion(file.substring(0, file.length() - DELETE_SUFFIX.length()), f);
        } else if (file.endsWith(TEMP_SUFFIX)) {
          Files.delete(f);
        } else {
          metadataFiles.add(f);
        }
      }
    }
    Map<TopicPartition, Long> recoveryPoints = readRecoveryPoints();
    for (Path f : metadataFiles) {
      TopicMetadata meta = readMetadata(f);
      topics.put(meta.name(), meta);
      for (int p = 0; p < meta.partitions(); p++) {
        TopicPartition tp = new TopicPartition(meta.name(), p);
        openLog(tp, meta.config(), openedClean, recoveryPoints.getOrDefault(tp, 0L));
      }
    }
    Files.deleteIfExists(dataDir.resolve(CLEAN_SHUTDOWN));
    config.logOptions().io().fsyncDirectory(dataDir);
    if (config.logOptions().flushPolicy() instanceof FlushPolicy.Interval interval) {
      long ms = interval.every().toMillis();
      tasks.add(
          scheduler.scheduleWithFixedDelay(this::flushDirtyLogs, ms, ms, TimeUnit.MILLISECONDS));
    }
    tasks.add(
        scheduler.scheduleWithFixedDelay(
            this::checkpointRecoveryPoints,
            RECOVERY_POINT_INTERVAL_MS,
            RECOVERY_POINT_INTERVAL_MS,
            TimeUnit.MILLISECONDS));
    long retentionMs = Math.max(1, config.retentionCheckInterval().toMillis());
    tasks.add(
        scheduler.scheduleWithFixedDelay(
            this::enforceRetention, retentionMs, retentionMs, TimeUnit.MILLISECONDS));
  }

  /**
   * Moves the topic metadata of the earlier layout ({@code topics/<topic>.properties}) into {@code
   * topic-metadata/}, finishing the deletions it had begun, then removes the old directory. Each
   * step can be repeated, so a crash in the middle is finished by the next open.
   */
  private void moveLegacyMetadata() throws IOException {
    Path legacy = dataDir.resolve(LEGACY_TOPICS);
    if (!Files.isDirectory(legacy)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(legacy)) {
      for (Path f : files) {
        String file = f.getFileName().toString();
        if (file.endsWith(LEGACY_DELETE_SUFFIX)) {
          finishDeletion(file.substring(0, file.length() - LEGACY_DELETE_SUFFIX.length()), f);
        } else if (file.endsWith(LEGACY_META_SUFFIX)) {
          String name = file.substring(0, file.length() - LEGACY_META_SUFFIX.length());
          if (TopicNames.isValid(name)) {
            AtomicFiles.write(
                metadataFile(name),
                topicsDir.resolve(name + TEMP_SUFFIX),
                Files.readAllBytes(f),
                config.logOptions().io());
          }
        }
      }
    }
    AtomicFiles.deleteTree(legacy);
    config.logOptions().io().fsyncDirectory(dataDir);
    LOG.log(
        System.Logger.Level.INFO,
        "moved topic metadata from " + legacy + " to " + topicsDir + " (the current layout)");
  }

  private Path metadataFile(String topic) {
    return topicsDir.resolve(topic);
  }

  /** Whether the directory was closed cleanly before this open, so no recovery scan ran. */
  public boolean openedClean() {
    return openedClean;
  }

  /** The data directory. */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * Creates a topic and its partition logs.
   *
   * @param overrides config values by Kafka name that differ from the defaults
   * @throws dev.minikafka.core.errors.InvalidTopicException for a name that breaks Kafka's rule
   * @throws TopicExistsException when the name is taken
   * @throws InvalidPartitionsException for a count below 1 or above {@link #MAX_PARTITIONS}
   * @throws dev.minikafka.core.errors.InvalidConfigException for an unknown key or bad value
   */
  public TopicMetadata createTopic(String name, int partitions, Map<String, String> overrides) {
    TopicNames.validate(name);
    checkPartitionCount(partitions);
    LogConfig effective = config.defaults().with(overrides);
    synchronized (adminLock) {
      checkOpen();
      if (topics.containsKey(name)) {
        throw new TopicExistsException("topic '" + name + "' already exists");
      }
      TopicMetadata meta =
          new TopicMetadata(name, UUID.randomUUID().toString(), partitions, overrides, effective);
      try {
        writeMetadata(meta);
      } catch (IOException e) {
        throw new StorageException(
            "cannot create topic '" + name + "': " + IoErrors.describe(e), e);
      }
      topics.put(name, meta);
      for (int p = 0; p < partitions; p++) {
        openLog(new TopicPartition(name, p), effective, true);
      }
      return meta;
    }
  }

  /** The topic's metadata, if it exists. */
  public Optional<TopicMetadata> topic(String name) {
    return Optional.ofNullable(topics.get(name));
  }

  /** Every topic, sorted by name. */
  public List<TopicMetadata> topics() {
    List<TopicMetadata> all = new ArrayList<>(topics.values());
    all.sort(Comparator.comparing(TopicMetadata::name));
    return all;
  }

  /**
   * The log of one partition.
   *
   * @throws UnknownTopicOrPartitionException when there is no such topic or partition
   */
  public PartitionLog log(TopicPartition tp) {
    PartitionLog log = logs.get(tp);
    if (log == null) {
      throw new UnknownTopicOrPartitionException(
          topics.containsKey(tp.topic())
              ? "topic '" + tp.topic() + "' has no partition " + tp.partition()
              : "topic '" + tp.topic() + "' does not exist");
    }
    return log;
  }

  /** Every open partition log. */
  public List<PartitionLog> logs() {
    return List.copyOf(logs.values());
  }

  /**
   * Deletes a topic: its metadata first (atomically), then its partition logs.
   *
   * @throws UnknownTopicOrPartitionException when there is no such topic
   */
  public void deleteTopic(String name) {
    synchronized (adminLock) {
      checkOpen();
      TopicMetadata meta = topics.get(name);
      if (meta == null) {
        throw new UnknownTopicOrPartitionException("topic '" + name + "' does not exist");
      }
      Path marker = topicsDir.resolve(name + DELETE_SUFFIX);
      try {
        AtomicFiles.rename(metadataFile(name), marker, config.logOptions().io());
        topics.remove(name);
        for (int p = 0; p < meta.partitions(); p++) {
          PartitionLog log = logs.remove(new TopicPartition(name, p));
          if (log != null) {
            closeQuietly(log);
          }
        }
        finishDeletion(name, marker);
      } catch (IOException e) {
        throw new StorageException("cannot delete topic '" + name + "': " + e.getMessage(), e);
      }
    }
  }

  /**
   * Replaces a topic's config overrides; the logs apply them from their next append or check.
   *
   * @throws UnknownTopicOrPartitionException when there is no such topic
   * @throws dev.minikafka.core.errors.InvalidConfigException for an unknown key or bad value
   */
  public TopicMetadata alterTopicConfig(String name, Map<String, String> overrides) {
    synchronized (adminLock) {
      checkOpen();
      TopicMetadata old = existing(name);
      Map<String, String> merged = new LinkedHashMap<>(old.overrides());
      merged.putAll(overrides);
      LogConfig effective = config.defaults().with(merged);
      TopicMetadata meta =
          new TopicMetadata(name, old.topicId(), old.partitions(), merged, effective);
      store(meta);
      for (int p = 0; p < meta.partitions(); p++) {
        logs.get(new TopicPartition(name, p)).updateConfig(effective);
      }
      return meta;
    }
  }

  /**
   * Raises a topic's partition count. Partitions cannot be removed.
   *
   * @throws InvalidPartitionsException when {@code newCount} is not above the current count or
   *     above {@link #MAX_PARTITIONS}
   */
  public TopicMetadata addPartitions(String name, int newCount) {
    synchronized (adminLock) {
      checkOpen();
      TopicMetadata old = existing(name);
      checkPartitionCount(newCount);
      if (newCount <= old.partitions()) {
        throw new InvalidPartitionsException(
            "topic '"
                + name
                + "' has "
                + old.partitions()
                + " partitions; the new count must be larger, not "
                + newCount);
      }
      for (int p = old.partitions(); p < newCount; p++) {
        openLog(new TopicPartition(name, p), old.config(), true);
      }
      TopicMetadata meta =
          new TopicMetadata(name, old.topicId(), newCount, old.overrides(), old.config());
      store(meta);
      return meta;
    }
  }

  /** Applies retention to every log now; the scheduler also does this periodically. */
  public int enforceRetention() {
    int deleted = 0;
    for (PartitionLog log : logs.values()) {
      try {
        deleted += log.enforceRetention();
      } catch (MiniKafkaException e) {
        LOG.log(System.Logger.Level.WARNING, "retention of " + log.topicPartition() + " failed", e);
      }
    }
    return deleted;
  }

  private void flushDirtyLogs() {
    for (PartitionLog log : logs.values()) {
      if (log.hasUnflushedData()) {
        try {
          log.flush();
        } catch (MiniKafkaException e) {
          LOG.log(System.Logger.Level.ERROR, "flush of " + log.topicPartition() + " failed", e);
        }
      }
    }
  }

  /**
   * Flushes and closes every log, then marks the directory clean so the next open skips recovery.
   * If any log failed, the mark is not written.
   */
  @Override
  public void close() {
    synchronized (adminLock) {
      if (closed) {
        return;
      }
      closed = true;
      tasks.forEach(t -> t.cancel(false));
      scheduler.shutdownNow();
      boolean allClean = true;
      for (PartitionLog log : logs.values()) {
        boolean failed = log.isFailed();
        try {
          log.close();
        } catch (MiniKafkaException e) {
          failed = true;
          LOG.log(System.Logger.Level.ERROR, "closing " + log.topicPartition() + " failed", e);
        }
        allClean &= !failed;
      }
      try {
        if (allClean) {
          AtomicFiles.touch(dataDir.resolve(CLEAN_SHUTDOWN), config.logOptions().io());
        }
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "could not mark " + dataDir + " clean", e);
      } finally {
        releaseLock();
      }
    }
  }

  private void abandon() {
    closed = true;
    scheduler.shutdownNow();
    for (PartitionLog log : logs.values()) {
      closeQuietly(log);
    }
    releaseLock();
  }

  private void releaseLock() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not release " + dataDir.resolve(LOCK), e);
    }
  }

  private void openLog(TopicPartition tp, LogConfig logConfig, boolean clean) {
    openLog(tp, logConfig, clean, 0);
  }

  private void openLog(TopicPartition tp, LogConfig logConfig, boolean clean, long recoveryPoint) {
    Path dir = dataDir.resolve(tp.toString());
    PartitionLog log =
        PartitionLog.open(dir, tp, logConfig, config.logOptions(), clean, recoveryPoint);
    log.onSegmentFlushed(this::checkpointSoon);
    logs.put(tp, log);
  }

  /**
   * Writes the recovery points on the scheduler soon, once for any number of calls meanwhile: after
   * a roll, so that a crash does not make the next start validate the segment just sealed.
   */
  private void checkpointSoon() {
    if (checkpointQueued.compareAndSet(false, true)) {
      try {
        scheduler.execute(
            () -> {
              checkpointQueued.set(false);
              checkpointRecoveryPoints();
            });
      } catch (RejectedExecutionException e) {
        // Closing: a clean close marks the directory clean, which makes recovery points moot.
        checkpointQueued.set(false);
      }
    }
  }

  /** Writes every log's flushed offset, atomically, in Kafka's checkpoint format. */
  public void checkpointRecoveryPoints() {
    StringBuilder out = new StringBuilder();
    List<PartitionLog> all = logs();
    out.append("0\n").append(all.size()).append('\n');
    for (PartitionLog log : all) {
      TopicPartition tp = log.topicPartition();
      out.append(tp.topic())
          .append(' ')
          .append(tp.partition())
          .append(' ')
          .append(log.recoveryPoint())
          .append('\n');
    }
    try {
      AtomicFiles.write(
          dataDir.resolve(RECOVERY_POINTS),
          out.toString().getBytes(StandardCharsets.UTF_8),
          config.logOptions().io());
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not write recovery points in " + dataDir, e);
    }
  }

  private Map<TopicPartition, Long> readRecoveryPoints() throws IOException {
    Path file = dataDir.resolve(RECOVERY_POINTS);
    Map<TopicPartition, Long> points = new java.util.HashMap<>();
    if (!Files.exists(file)) {
      return points;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
      String[] parts = line.trim().split(" +", -1);
      if (parts.length == 3 && TopicNames.isValid(parts[0])) {
        try {
          points.put(
              new TopicPartition(parts[0], Integer.parseInt(parts[1])), Long.parseLong(parts[2]));
        } catch (IllegalArgumentException e) {
          LOG.log(System.Logger.Level.WARNING, "ignoring bad line in " + file + ": " + line);
        }
      }
    }
    return points;
  }

  private void finishDeletion(String name, Path marker) throws IOException {
    if (!TopicNames.isValid(name)) {
      LOG.log(System.Logger.Level.WARNING, "ignoring deletion marker " + marker);
      return;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir, name + "-*")) {
      for (Path d : dirs) {
        String suffix = d.getFileName().toString().substring(name.length() + 1);
        if (!suffix.isEmpty() && suffix.chars().allMatch(Character::isDigit)) {
          AtomicFiles.deleteTree(d);
        }
      }
    }
    config.logOptions().io().fsyncDirectory(dataDir);
    Files.deleteIfExists(marker);
    config.logOptions().io().fsyncDirectory(marker.getParent());
  }

  private TopicMetadata existing(String name) {
    TopicMetadata meta = topics.get(name);
    if (meta == null) {
      throw new UnknownTopicOrPartitionException("topic '" + name + "' does not exist");
    }
    return meta;
  }

  private void store(TopicMetadata meta) {
    try {
      writeMetadata(meta);
    } catch (IOException e) {
      throw new StorageException(
          "cannot write metadata of topic '" + meta.name() + "': " + e.getMessage(), e);
    }
    topics.put(meta.name(), meta);
  }

  private void writeMetadata(TopicMetadata meta) throws IOException {
    StringBuilder out = new StringBuilder();
    out.append("# minikafka topic metadata; written atomically, do not edit while running\n");
    out.append("name=").append(meta.name()).append('\n');
    out.append("id=").append(meta.topicId()).append('\n');
    out.append("partitions=").append(meta.partitions()).append('\n');
    meta.overrides().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                out.append("config.")
                    .append(e.getKey())
                    .append('=')
                    .append(e.getValue())
                    .append('\n'));
    AtomicFiles.write(
        metadataFile(meta.name()),
        topicsDir.resolve(meta.name() + TEMP_SUFFIX),
        out.toString().getBytes(StandardCharsets.UTF_8),
        config.logOptions().io());
  }

  private TopicMetadata readMetadata(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> overrides = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new StorageException(file + ": line without '=': " + line);
      }
      String key = line.substring(0, eq);
      String value = line.substring(eq + 1);
      if (key.startsWith("config.")) {
        overrides.put(key.substring("config.".length()), value);
      } else {
        values.put(key, value);
      }
    }
    try {
      String name = values.get("name");
      if (!file.getFileName().toString().equals(name)) {
        throw new StorageException(file + " names topic '" + name + "', not its file name");
      }
      return new TopicMetadata(
          name,
          values.get("id"),
          Integer.parseInt(values.get("partitions")),
          overrides,
          config.defaults().with(overrides));
    } catch (RuntimeException e) {
      if (e instanceof StorageException se) {
        throw se;
      }
      throw new StorageException(file + " is not valid topic metadata: " + e.getMessage(), e);
    }
  }

  private static void checkPartitionCount(int partitions) {
    if (partitions < 1 || partitions > MAX_PARTITIONS) {
      throw new InvalidPartitionsException(
          "partition count must be between 1 and " + MAX_PARTITIONS + ", was " + partitions);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageException("log manager for " + dataDir + " is closed");
    }
  }

  private static void closeQuietly(PartitionLog log) {
    try {
      log.close();
    } catch (MiniKafkaException e) {
      LOG.log(System.Logger.Level.WARNING, "closing " + log.topicPartition() + " failed", e);
    }
  }
}
