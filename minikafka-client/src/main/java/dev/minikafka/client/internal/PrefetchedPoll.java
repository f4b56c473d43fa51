package dev.minikafka.client.internal;

import dev.minikafka.client.MiniKafkaClientException;
import dev.minikafka.core.TopicPartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * A consumer's next poll request, sent ahead on a background thread while the application works on
 * what the previous poll returned. The broker moves the member's positions past the records it
 * answers with, but those records count as consumed only once the consumer hands them out: until
 * then this object holds them.
 *
 * <p>{@link #discard} drops the records of partitions the application has since sought, whether the
 * answer has come yet or not, so that a seek made while a request is in flight is not undone by its
 * answer.
 *
 * <p>Owned by the consumer's calling thread (the one holding its single-thread guard): not
 * thread-safe, except that the request itself runs on the executor's thread.
 */
public final class PrefetchedPoll {
  private final Future<MemberApi.Polled> answer;
  private final Set<TopicPartition> discarded = new HashSet<>();

  private PrefetchedPoll(Future<MemberApi.Polled> answer) {
    this.answer = answer;
  }

  /** Starts {@code request} on {@code executor}; it must touch no state of the caller's thread. */
  public static PrefetchedPoll start(ExecutorService executor, Supplier<MemberApi.Polled> request) {
    return new PrefetchedPoll(executor.submit(request::get));
  }

  /** Whether the request has ended, with an answer or a failure. */
  public boolean isDone() {
    return answer.isDone();
  }

  /** Drops, from the answer, the records of {@code partitions}. */
  public void discard(Collection<TopicPartition> partitions) {
    discarded.addAll(partitions);
  }

  /**
   * Waits for the answer and returns it without the discarded partitions' records.
   *
   * @throws RuntimeException what the request threw (a broker refusal or a client failure)
   * @throws MiniKafkaClientException when the calling thread is interrupted while it waits; the
   *     request stays pending, and a later call waits again
   */
  public MemberApi.Polled await() {
    MemberApi.Polled polled;
    try {
      polled = answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MiniKafkaClientException("interrupted while waiting for a poll answer", e);
    } catch (CancellationException e) {
      throw new MiniKafkaClientException("the poll request was cancelled", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new MiniKafkaClientException("the poll request failed", e.getCause());
    }
    if (discarded.isEmpty()) {
      return polled;
    }
    List<MemberApi.Run> kept = new ArrayList<>(polled.runs().size());
    for (MemberApi.Run run : polled.runs()) {
      if (!discarded.contains(run.partition())) {
        kept.add(run);
      }
    }
    return new MemberApi.Polled(
        polled.pollId(), polled.generation(), polled.assignment(), kept, polled.more());
  }

  /**
   * Waits for the request to end, ignoring its outcome: for a consumer that no longer wants the
   * answer (it closes, leaves, or its member is gone) but must not send another request while this
   * one is on its way, nor leave it running.
   */
  public void awaitQuietly() {
    boolean interrupted = false;
    while (true) {
      try {
        answer.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException | CancellationException e) {
        break;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
