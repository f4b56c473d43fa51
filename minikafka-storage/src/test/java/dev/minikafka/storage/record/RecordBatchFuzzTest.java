package dev.minikafka.storage.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.minikafka.core.errors.CorruptRecordException;
import dev.minikafka.core.errors.InvalidRecordException;
import dev.minikafka.core.errors.RecordTooLargeException;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing of the record-batch decoders, on bytes as a client or a file hands them
 * over: each input is either accepted and then decodes in full, or refused with the typed error its
 * contract names; never another exception (a {@code BufferUnderflowException}, a Kafka {@code
 * KafkaException}, an {@code OutOfMemoryError} from a length field believed).
 *
 * <p>In {@code bin/test} these run in Jazzer's regression mode: the inputs under {@code
 * src/test/resources/.../RecordBatchFuzzTestInputs/} (a valid batch of each codec among them, and
 * every input that once failed) plus an empty one. To fuzz, see {@code docs/hostile-input.md}.
 */
class RecordBatchFuzzTest {
  private static final int MAX_BATCH_BYTES = 1 << 20;

  /** What the binary produce route does with a body: validate, then read back what it accepted. */
  @FuzzTest(maxDuration = "2m")
  void incomingBatchesAreAcceptedWholeOrRefusedTyped(byte[] bytes) {
    IncomingBatches batches;
    try {
      batches = Batches.validate(ByteBuffer.wrap(bytes), MAX_BATCH_BYTES);
    } catch (CorruptRecordException | InvalidRecordException | RecordTooLargeException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    assertThat(batches.sizeInBytes()).isEqualTo(bytes.length);
    assertThat(batches.batchCount()).isPositive();
    // Accepted bytes are what a later fetch hands out: every record of them decodes.
    FetchedRecords fetched = new FetchedRecords(ByteBuffer.wrap(bytes.clone()), "fuzz", 0);
    assertThat(fetched.batches()).hasSize(batches.batchCount());
    assertThat(fetched.records()).hasSizeLessThanOrEqualTo(batches.offsetCount());
    batches.producerFields();
  }

  /** What a fetch does with bytes read from a segment: decode, or name the corrupt batch. */
  @FuzzTest(maxDuration = "2m")
  void fetchedBytesDecodeOrAreReportedCorrupt(byte[] bytes) {
    FetchedRecords fetched = new FetchedRecords(ByteBuffer.wrap(bytes), "fuzz", 0);
    try {
      fetched.batches();
      fetched.producerBatches();
      for (LogRecord r : fetched.records()) {
        assertThat(r.data()).isNotNull();
      }
    } catch (CorruptRecordException corrupt) {
      assertThat(corrupt.getMessage()).contains("fuzz");
    }
  }
}
