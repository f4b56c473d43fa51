package dev.minikafka.storage.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.core.TopicPartition;
import dev.minikafka.peers.kafka.KafkaPeer;
import dev.minikafka.peers.kafka.KafkaPeer.RunningKafka;
import dev.minikafka.peers.kafka.KafkaPeer.ToolResult;
import dev.minikafka.storage.AppendResult;
import dev.minikafka.storage.LogConfig;
import dev.minikafka.storage.LogOptions;
import dev.minikafka.storage.PartitionLog;
import dev.minikafka.storage.record.Batches;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.LogRecord;
import dev.minikafka.storage.record.RecordData;
import dev.minikafka.storage.record.RecordHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka and minikafka agree on the on-disk format both ways: Kafka 4.1's own {@code
 * DumpLogSegments} reads and checks the segments and indexes minikafka's engine writes, and the
 * engine opens, recovers, reads and extends a partition directory a real Kafka broker wrote.
 *
 * <p>{@code DumpLogSegments} is run once per test on all files (a JVM start each is what costs).
 * For a {@code .log} it prints every batch and record; for a {@code .index} it reads the batch at
 * each entry's position and reports on stderr when that batch does not end at the entry's offset;
 * for a {@code .timeindex} it reports entries whose offset does not end a batch, whose timestamp is
 * not that batch's largest, or that do not increase. That full check is stricter than {@code
 * --index-sanity-check} (the broker's startup check: whole entries, last offset not below the
 * base), which the size and order checks here cover as well.
 */
class KafkaFormatInteropTest {

  private static final String KAFKA_TOPIC = "kafka-written";

  /** A batch line of {@code DumpLogSegments --deep-iteration} for a v2 batch. */
  private static final Pattern BATCH_LINE =
      Pattern.compile(
          "baseOffset: (\\d+) lastOffset: (\\d+) count: (\\d+) baseSequence: -?\\d+"
              + " lastSequence: -?\\d+ producerId: -?\\d+ producerEpoch: -?\\d+"
              + " partitionLeaderEpoch: -?\\d+ isTransactional: (\\w+) isControl: (\\w+)"
              + " deleteHorizonMs: \\S+ position: (\\d+) CreateTime: (-?\\d+) size: (\\d+)"
              + " magic: (\\d+) compresscodec: (\\w+) crc: -?\\d+ isvalid: (\\w+)");

  /** A record line; keys and values are written without spaces so that they parse back. */
  private static final Pattern RECORD_LINE =
      Pattern.compile(
          "\\| offset: (\\d+) CreateTime: (-?\\d+) keySize: (-?\\d+) valueSize: (-?\\d+)"
              + " sequence: -?\\d+ headerKeys: \\[([^\\]]*)\\]"
              + "(?: key: (\\S+))?(?: payload: (\\S+))?");

  private static final Pattern OFFSET_INDEX_LINE =
      Pattern.compile("offset: (\\d+) position: (\\d+)");

  private static final Pattern TIME_INDEX_LINE =
      Pattern.compile("timestamp: (-?\\d+) offset: (\\d+)");

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

  // 1. Kafka reads what minikafka writes. ------------------------------------------------------

  /**
   * The engine writes a few hundred records (every codec, keys, null keys, null values, headers,
   * timestamps that sometimes step back) into several segments, some batches two to an append;
   * DumpLogSegments then finds every batch valid and every record as written, at dense offsets, and
   * every index entry consistent with the log.
   */
  @Test
  void kafkaDumpLogSegmentsReadsAndVerifiesWhatTheEngineWrites(@TempDir Path dir) throws Exception {
    Path logDir = dir.resolve("ours-0");
    LogConfig config =
        LogConfig.defaults()
            .with(Map.of(LogConfig.SEGMENT_BYTES, "8192", LogConfig.INDEX_INTERVAL_BYTES, "1024"));
    Random random = new Random(20_240_601L);
    long t0 = System.currentTimeMillis() - 600_000;
    Compression[] codecs = Compression.values();

    List<LogRecord> written = new ArrayList<>();
    Map<Long, Compression> codecOfBatch = new HashMap<>();
    try (PartitionLog log =
        PartitionLog.open(
            logDir, new TopicPartition("ours", 0), config, LogOptions.defaults(), true)) {
      for (int b = 0; b < 70; b++) {
        int next = written.size();
        Compression codec = codecs[b % codecs.length];
        List<RecordData> records = new ArrayList<>(records(next, 1 + random.nextInt(9), t0));
        AppendResult appended;
        if (b % 10 == 9) {
          // Two batches in one append, as a Kafka client sends them.
          Compression otherCodec = codecs[(b + 2) % codecs.length];
          List<RecordData> more = records(next + records.size(), 3, t0);
          ByteBuffer first = Batches.encode(records, codec);
          ByteBuffer second = Batches.encode(more, otherCodec);
          ByteBuffer both =
              ByteBuffer.allocate(first.remaining() + second.remaining()).put(first).put(second);
          appended = log.append(both.flip());
          codecOfBatch.put((long) next + records.size(), otherCodec);
          records.addAll(more);
        } else {
          appended = log.append(records, codec);
        }
        codecOfBatch.put((long) next, codec);
        assertThat(appended)
            .isEqualTo(new AppendResult(next, next + records.size() - 1L, records.size()));
        for (RecordData r : records) {
          written.add(new LogRecord(written.size(), r));
        }
      }
    }

    assertThat(written).hasSizeGreaterThan(300);
    assertThat(files(logDir, ".log")).as("segments of %s", logDir).hasSizeGreaterThanOrEqualTo(3);
    Map<Long, String> codecNames = new HashMap<>();
    codecOfBatch.forEach((offset, c) -> codecNames.put(offset, c.name().toLowerCase(Locale.ROOT)));
    checkWithDumpLogSegments(List.of(logDir), written, codecNames);
  }

  // 2. minikafka reads what Kafka writes. ------------------------------------------------------

  /**
   * A real Kafka writes a partition (several segments; every codec; idempotent and plain batches;
   * keys, null keys, null values, headers), and the engine opens copies of its directory: after
   * Kafka's clean stop as a clean log, the same recovered as after a crash, one taken while Kafka
   * ran (preallocated indexes), and one without any index. Each reads back exactly what the
   * producers sent at the offsets Kafka acknowledged, finds records by timestamp through Kafka's
   * time indexes, and takes appends at Kafka's log end, in Kafka's last segment.
   */
  @Test
  void engineOpensRecoversReadsAndExtendsWhatARealKafkaWrites(@TempDir Path workDir)
      throws Exception {
    long t0 = System.currentTimeMillis() - 600_000;
    List<LogRecord> sent = new ArrayList<>();
    Map<Long, String> codecOfRecord = new HashMap<>();
    Path kafkaPartition;
    // Copied while Kafka runs, as a crash would leave it: the active segment's indexes are still
    // preallocated (segment.index.bytes, zeros after the entries) and nothing says "clean".
    Path live = workDir.resolve("live").resolve(KAFKA_TOPIC + "-0");
    try (RunningKafka kafka = KafkaPeer.start(workDir.resolve("kafka"))) {
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        // Kafka 4 refuses a segment.bytes under 1 MiB; its test-only twin rolls sooner.
        NewTopic topic =
            new NewTopic(KAFKA_TOPIC, 1, (short) 1)
                .configs(Map.of("internal.segment.bytes", "8192"));
        admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      }
      for (String codec : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
        produce(kafka, codec, true, records(sent.size(), 70, t0), sent, codecOfRecord);
      }
      // Batches without a producer id, as a non-idempotent producer writes them.
      produce(kafka, "gzip", false, records(sent.size(), 40, t0), sent, codecOfRecord);
      kafkaPartition = kafka.logDir().resolve(KAFKA_TOPIC + "-0");
      copyDirectory(kafkaPartition, live);
    }
    assertThat(kafkaPartition.resolveSibling(".kafka_cleanshutdown"))
        .as("Kafka stopped cleanly")
        .exists();
    assertThat(sent)
        .extracting(LogRecord::offset)
        .as("offsets Kafka acknowledged")
        .containsExactlyElementsOf(range(0, sent.size()));

    List<Path> kafkaSegments = files(kafkaPartition, ".log");
    int segments = kafkaSegments.size();
    assertThat(segments).as("Kafka's segments").isGreaterThanOrEqualTo(3);
    // Kafka's other files, which the engine must leave alone.
    assertThat(files(kafkaPartition, ".snapshot")).isNotEmpty();
    assertThat(kafkaPartition.resolve("leader-epoch-checkpoint")).exists();
    assertThat(kafkaPartition.resolve("partition.metadata")).exists();
    for (Path index : files(kafkaPartition, "index")) {
      assertThat(Files.size(index)).as("size of %s after a clean stop", index).isLessThan(1 << 16);
    }
    Path liveIndex = live.resolve(sibling(kafkaSegments.get(segments - 1), ".index").getFileName());
    assertThat(Files.size(liveIndex))
        .as("size of the running Kafka's %s", liveIndex)
        .isGreaterThan(1 << 20);

    TopicPartition tp = new TopicPartition(KAFKA_TOPIC, 0);
    long kafkaEnd = sent.size();
    List<RecordData> extra = records(sent.size(), 5, t0);
    List<LogRecord> expected = new ArrayList<>(sent);
    for (RecordData r : extra) {
      codecOfRecord.put((long) expected.size(), "zstd");
      expected.add(new LogRecord(expected.size(), r));
    }
    Path clean = workDir.resolve("clean").resolve(KAFKA_TOPIC + "-0");
    Path recovered = workDir.resolve("recovered").resolve(KAFKA_TOPIC + "-0");
    copyDirectory(kafkaPartition, clean);
    copyDirectory(kafkaPartition, recovered);
    Map<Path, Boolean> copies = new LinkedHashMap<>();
    copies.put(clean, true);
    copies.put(recovered, false);
    copies.put(live, false);
    for (Map.Entry<Path, Boolean> copy : copies.entrySet()) {
      Path dir = copy.getKey();
      boolean cleanShutdown = copy.getValue();
      String what =
          dir.getParent().getFileName() + " copy opened with cleanShutdown=" + cleanShutdown;
      try (PartitionLog log =
          PartitionLog.open(dir, tp, LogConfig.defaults(), LogOptions.defaults(), cleanShutdown)) {
        assertThat(log.segmentCount()).as(what).isEqualTo(segments);
        assertThat(log.logStartOffset()).as(what).isZero();
        assertThat(log.logEndOffset()).as(what).isEqualTo(kafkaEnd);
        assertThat(log.highWatermark()).as(what).isEqualTo(kafkaEnd);
        assertThat(log.verify()).as(what).isEmpty();
        assertThat(readAll(log)).as(what).containsExactlyElementsOf(sent);
        checkTimestampLookups(log, sent);

        AppendResult appended = log.append(extra, Compression.ZSTD);
        assertThat(appended.baseOffset()).as(what).isEqualTo(kafkaEnd);
        assertThat(readAll(log)).as(what).containsExactlyElementsOf(expected);
      }
      // The batch went into Kafka's last segment and is there after a reopen.
      assertThat(files(dir, ".log")).as(what).hasSize(segments);
      try (PartitionLog log =
          PartitionLog.open(dir, tp, LogConfig.defaults(), LogOptions.defaults(), true)) {
        assertThat(log.logEndOffset()).as(what).isEqualTo(expected.size());
        assertThat(readAll(log)).as(what).containsExactlyElementsOf(expected);
        checkTimestampLookups(log, expected);
      }
    }
    // Kafka's segments without their indexes (only the .log files copied, say): the engine
    // rebuilds every index as Kafka built it, entry for entry (index.interval.bytes is 4096 in
    // both), and has the whole of it on disk once open, as a crash right then would leave it.
    Path rebuilt = workDir.resolve("rebuilt").resolve(KAFKA_TOPIC + "-0");
    Path crashed = workDir.resolve("crashed").resolve(KAFKA_TOPIC + "-0");
    copyDirectory(kafkaPartition, rebuilt);
    for (Path index : files(rebuilt, "index")) {
      Files.delete(index);
    }
    try (PartitionLog log =
        PartitionLog.open(rebuilt, tp, LogConfig.defaults(), LogOptions.defaults(), true)) {
      assertThat(log.logEndOffset()).isEqualTo(kafkaEnd);
      copyDirectory(rebuilt, crashed);
    }
    for (Path index : files(kafkaPartition, "index")) {
      for (Path copy : List.of(crashed, rebuilt)) {
        assertThat(Files.readAllBytes(copy.resolve(index.getFileName())))
            .as("%s rebuilt by the engine, in %s", index.getFileName(), copy)
            .isEqualTo(Files.readAllBytes(index));
      }
    }
    // A sealed segment's largest timestamp comes from its time index's last entry.
    try (PartitionLog log =
        PartitionLog.open(crashed, tp, LogConfig.defaults(), LogOptions.defaults(), false)) {
      assertThat(readAll(log)).containsExactlyElementsOf(sent);
      checkTimestampLookups(log, sent);
    }

    // And Kafka reads all three copies: its own segments with the engine's batch at the end, and
    // in the last two the last segment's indexes as the engine's recovery rebuilt them.
    checkWithDumpLogSegments(List.copyOf(copies.keySet()), expected, codecOfRecord);
  }

  private static void produce(
      RunningKafka kafka,
      String codec,
      boolean idempotent,
      List<RecordData> records,
      List<LogRecord> sent,
      Map<Long, String> codecOfRecord)
      throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            idempotent ? "all" : "1",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            idempotent,
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            // Small batches: several per codec, and several per segment.
            ProducerConfig.BATCH_SIZE_CONFIG,
            2048,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            codec);
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (RecordData r : records) {
        ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(KAFKA_TOPIC, 0, r.timestamp(), r.key(), r.value());
        for (RecordHeader h : r.headers()) {
          record.headers().add(h.key(), h.value());
        }
        sends.add(producer.send(record));
      }
      producer.flush();
      for (int i = 0; i < records.size(); i++) {
        RecordMetadata metadata = sends.get(i).get(30, TimeUnit.SECONDS);
        assertThat(metadata.timestamp()).isEqualTo(records.get(i).timestamp());
        sent.add(new LogRecord(metadata.offset(), records.get(i)));
        codecOfRecord.put(metadata.offset(), codec);
      }
    }
  }

  /** The engine finds records by timestamp through the time indexes, Kafka's ones included. */
  private static void checkTimestampLookups(PartitionLog log, List<LogRecord> records) {
    for (LogRecord record : records) {
      long target = record.timestamp();
      long first =
          records.stream().filter(r -> r.timestamp() >= target).findFirst().orElseThrow().offset();
      assertThat(log.offsetForTimestamp(target))
          .as("offset for timestamp %d", target)
          .isEqualTo(OptionalLong.of(first));
    }
    long max = records.stream().mapToLong(LogRecord::timestamp).max().orElseThrow();
    assertThat(log.offsetForTimestamp(max + 1)).isEmpty();
  }

  // DumpLogSegments. ----------------------------------------------------------------------------

  /**
   * Runs DumpLogSegments once on every segment of each directory, with its indexes, and checks that
   * Kafka reads exactly {@code expected} there: every batch valid, offsets dense from each
   * segment's base and across segments, keys, values, header keys and timestamps as written, each
   * batch compressed with the codec {@code codecAt} gives for its base offset, and no index problem
   * reported.
   */
  private static void checkWithDumpLogSegments(
      List<Path> dirs, List<LogRecord> expected, Map<Long, String> codecAt) throws Exception {
    List<Path> files = new ArrayList<>();
    for (Path dir : dirs) {
      for (Path segment : files(dir, ".log")) {
        files.add(segment);
        files.add(sibling(segment, ".index"));
        files.add(sibling(segment, ".timeindex"));
      }
    }
    ToolResult dump = KafkaPeer.dumpLogSegments(files);
    assertThat(dump.exitCode()).as("exit code; stderr: %s", dump.stderr()).isZero();
    // Index mismatches and non-consecutive offsets are reported on stderr, after all files. What
    // remains are the JVM's own warnings (kafka-clients unmapping index files with Unsafe).
    assertThat(dump.stderr().lines().filter(l -> !l.startsWith("WARNING: ")))
        .as("DumpLogSegments stderr")
        .isEmpty();
    Map<Path, List<String>> sections = sections(dump.stdout());
    assertThat(sections.keySet()).containsExactlyElementsOf(files);

    for (Path dir : dirs) {
      long expectedBase = 0;
      for (Path segment : files(dir, ".log")) {
        assertThat(baseOffset(segment)).as("base offset of %s", segment).isEqualTo(expectedBase);
        List<DumpedBatch> batches = parseSegment(segment, sections.get(segment));
        assertThat(batches).as("batches in %s", segment).isNotEmpty();
        long next = expectedBase;
        long maxTimestamp = -1;
        for (DumpedBatch batch : batches) {
          String what = "batch " + batch.baseOffset() + " in " + segment;
          assertThat(batch.valid()).as("isvalid of %s", what).isTrue();
          assertThat(batch.baseOffset()).as(what).isEqualTo(next);
          assertThat(batch.compression()).as(what).isEqualTo(codecAt.get(batch.baseOffset()));
          assertThat(batch.records())
              .extracting(DumpedRecord::offset)
              .as("record offsets of %s", what)
              .containsExactlyElementsOf(range(batch.baseOffset(), batch.lastOffset() + 1));
          long batchMax = -1;
          for (DumpedRecord record : batch.records()) {
            assertThat(record.offset()).as(what).isLessThan(expected.size());
            assertMatches(record, expected.get((int) record.offset()));
            batchMax = Math.max(batchMax, record.timestamp());
          }
          assertThat(batch.maxTimestamp()).as("largest timestamp of %s", what).isEqualTo(batchMax);
          maxTimestamp = Math.max(maxTimestamp, batchMax);
          next = batch.lastOffset() + 1;
        }
        checkOffsetIndex(sibling(segment, ".index"), sections, batches);
        checkTimeIndex(sibling(segment, ".timeindex"), sections, batches, maxTimestamp);
        expectedBase = next;
      }
      assertThat(expectedBase).as("end of the offsets in %s", dir).isEqualTo(expected.size());
    }
  }

  /** The lines DumpLogSegments printed per file, after its line {@code Dumping <file>}. */
  private static Map<Path, List<String>> sections(String stdout) {
    Map<Path, List<String>> sections = new LinkedHashMap<>();
    List<String> current = null;
    for (String line : stdout.lines().toList()) {
      if (line.startsWith("Dumping ")) {
        current = new ArrayList<>();
        sections.put(Path.of(line.substring("Dumping ".length())), current);
      } else {
        assertThat(current).as("a line before the first file: %s", line).isNotNull();
        current.add(line);
      }
    }
    return sections;
  }

  private static List<DumpedBatch> parseSegment(Path segment, List<String> lines)
      throws IOException {
    assertThat(lines).first().isEqualTo("Log starting offset: " + baseOffset(segment));
    List<DumpedBatch> batches = new ArrayList<>();
    int position = 0;
    for (String line : lines.subList(1, lines.size())) {
      Matcher b = BATCH_LINE.matcher(line);
      Matcher r = RECORD_LINE.matcher(line);
      if (b.matches()) {
        assertThat(b.group(9)).as("magic in %s", line).isEqualTo("2");
        assertThat(b.group(4) + " " + b.group(5))
            .as("transactional, control")
            .isEqualTo("false false");
        DumpedBatch batch =
            new DumpedBatch(
                Long.parseLong(b.group(1)),
                Long.parseLong(b.group(2)),
                Integer.parseInt(b.group(3)),
                Integer.parseInt(b.group(6)),
                Long.parseLong(b.group(7)),
                b.group(10),
                Boolean.parseBoolean(b.group(11)),
                new ArrayList<>());
        assertThat(batch.position()).as(line).isEqualTo(position);
        position += Integer.parseInt(b.group(8));
        batches.add(batch);
      } else if (r.matches()) {
        assertThat(batches).as("a record before any batch: %s", line).isNotEmpty();
        batches
            .get(batches.size() - 1)
            .records()
            .add(
                new DumpedRecord(
                    Long.parseLong(r.group(1)),
                    Long.parseLong(r.group(2)),
                    Integer.parseInt(r.group(3)),
                    Integer.parseInt(r.group(4)),
                    r.group(5).isEmpty() ? List.of() : List.of(r.group(5).split(",", -1)),
                    r.group(6),
                    r.group(7)));
      } else {
        // Such as "Found 17 invalid bytes at the end of ...".
        throw new AssertionError("unexpected line in the dump of " + segment + ": " + line);
      }
    }
    assertThat((long) position)
        .as("bytes of batches in %s", segment)
        .isEqualTo(Files.size(segment));
    for (DumpedBatch batch : batches) {
      assertThat(batch.records())
          .as("records of batch %d", batch.baseOffset())
          .hasSize(batch.count());
    }
    return batches;
  }

  private static void assertMatches(DumpedRecord dumped, LogRecord expected) {
    RecordData data = expected.data();
    String what = "record " + dumped.offset();
    assertThat(dumped.timestamp()).as(what).isEqualTo(data.timestamp());
    assertThat(dumped.keySize()).as(what).isEqualTo(data.key() == null ? -1 : data.key().length);
    assertThat(dumped.valueSize())
        .as(what)
        .isEqualTo(data.value() == null ? -1 : data.value().length);
    assertThat(dumped.key()).as(what).isEqualTo(data.key() == null ? null : string(data.key()));
    assertThat(dumped.payload())
        .as(what)
        .isEqualTo(data.value() == null ? null : string(data.value()));
    assertThat(dumped.headerKeys())
        .as(what)
        .containsExactlyElementsOf(data.headers().stream().map(RecordHeader::key).toList());
  }

  /** Every entry names the last offset of the batch at its position. */
  private static void checkOffsetIndex(
      Path index, Map<Path, List<String>> sections, List<DumpedBatch> batches) throws IOException {
    long size = Files.size(index);
    assertThat(size % 8).as("size of %s", index).isZero();
    List<String> lines = sections.get(index);
    if (size == 0) {
      assertThat(lines).containsExactly(index + " is empty.");
      return;
    }
    // All printed: the tool stops early at an entry that looks like preallocated zeros.
    assertThat(lines).as("entries of %s", index).hasSize((int) (size / 8));
    long previous = -1;
    for (String line : lines) {
      Matcher m = OFFSET_INDEX_LINE.matcher(line);
      assertThat(m.matches()).as("entry of %s: %s", index, line).isTrue();
      long offset = Long.parseLong(m.group(1));
      int position = Integer.parseInt(m.group(2));
      assertThat(offset).as("entry of %s: %s", index, line).isGreaterThan(previous);
      assertThat(batches)
          .as("%s: a batch at position %d ending at offset %d", index, position, offset)
          .anyMatch(b -> b.position() == position && b.lastOffset() == offset);
      previous = offset;
    }
  }

  /**
   * Every entry names the last offset of a batch and that batch's largest timestamp; timestamps
   * increase; the last entry holds the segment's largest timestamp, which Kafka takes from there
   * for a sealed segment (retention by time).
   */
  private static void checkTimeIndex(
      Path timeIndex,
      Map<Path, List<String>> sections,
      List<DumpedBatch> batches,
      long maxTimestamp)
      throws IOException {
    long size = Files.size(timeIndex);
    assertThat(size % 12).as("size of %s", timeIndex).isZero();
    List<String> lines = sections.get(timeIndex);
    assertThat(lines).as("entries of %s", timeIndex).hasSize((int) (size / 12)).isNotEmpty();
    long previous = -1;
    for (String line : lines) {
      Matcher m = TIME_INDEX_LINE.matcher(line);
      assertThat(m.matches()).as("entry of %s: %s", timeIndex, line).isTrue();
      long timestamp = Long.parseLong(m.group(1));
      long offset = Long.parseLong(m.group(2));
      assertThat(timestamp).as("entry of %s: %s", timeIndex, line).isGreaterThan(previous);
      assertThat(batches)
          .as(
              "%s: a batch ending at offset %d with largest timestamp %d",
              timeIndex, offset, timestamp)
          .anyMatch(b -> b.lastOffset() == offset && b.maxTimestamp() == timestamp);
      previous = timestamp;
    }
    assertThat(previous).as("last entry of %s", timeIndex).isEqualTo(maxTimestamp);
  }

  // Shared. -------------------------------------------------------------------------------------

  /**
   * Records {@code first} to {@code first + count - 1}: timestamps rising but every fourth stepping
   * back, some null keys and values, zero to two headers (one with a null value), values of
   * pseudo-random text that compresses only so much. Keys and values hold no spaces, so that dumps
   * parse back; the same arguments give the same records.
   */
  private static List<RecordData> records(int first, int count, long t0) {
    List<RecordData> out = new ArrayList<>(count);
    for (int i = first; i < first + count; i++) {
      long timestamp = t0 + 10L * i - (i % 4 == 3 ? 25 : 0);
      byte[] key = i % 6 == 0 ? null : ("key-" + i).getBytes(UTF_8);
      byte[] value = i % 17 == 5 ? null : ("value-" + i + "-" + text(i)).getBytes(UTF_8);
      List<RecordHeader> headers =
          switch (i % 3) {
            case 0 -> List.of();
            case 1 -> List.of(new RecordHeader("trace", ("t" + i).getBytes(UTF_8)));
            default ->
                List.of(
                    new RecordHeader("trace", ("t" + i).getBytes(UTF_8)),
                    new RecordHeader("empty", null));
          };
      out.add(new RecordData(timestamp, key, value, headers));
    }
    return out;
  }

  private static String text(int seed) {
    Random random = new Random(seed);
    int length = 20 + random.nextInt(150);
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      // Skewed towards a few letters, so that every codec has something to do.
      int c = random.nextInt(3) == 0 ? random.nextInt(ALPHABET.length()) : random.nextInt(4);
      s.append(ALPHABET.charAt(c));
    }
    return s.toString();
  }

  private static List<LogRecord> readAll(PartitionLog log) {
    List<LogRecord> out = new ArrayList<>();
    long next = log.logStartOffset();
    while (next < log.highWatermark()) {
      List<LogRecord> batch = log.read(next, 4096).records().records(next);
      assertThat(batch).as("records read at offset %d", next).isNotEmpty();
      out.addAll(batch);
      next = batch.get(batch.size() - 1).offset() + 1;
    }
    return out;
  }

  private static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(i);
    }
    return out;
  }

  private static String string(byte[] bytes) {
    return new String(bytes, UTF_8);
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static long baseOffset(Path segment) {
    String name = segment.getFileName().toString();
    return Long.parseLong(name.substring(0, name.indexOf('.')));
  }

  private static Path sibling(Path segment, String suffix) {
    String name = segment.getFileName().toString();
    return segment.resolveSibling(name.substring(0, name.indexOf('.')) + suffix);
  }

  private static void copyDirectory(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    for (Path f : files(from, "")) {
      Files.copy(f, to.resolve(f.getFileName()));
    }
  }

  /** One batch as DumpLogSegments printed it. */
  private record DumpedBatch(
      long baseOffset,
      long lastOffset,
      int count,
      int position,
      long maxTimestamp,
      String compression,
      boolean valid,
      List<DumpedRecord> records) {}

  /** One record as DumpLogSegments printed it; key and payload null when absent. */
  private record DumpedRecord(
      long offset,
      long timestamp,
      int keySize,
      int valueSize,
      List<String> headerKeys,
      String key,
      String payload) {}
}
