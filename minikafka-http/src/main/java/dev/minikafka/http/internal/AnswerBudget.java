package dev.minikafka.http.internal;

import io.javalin.http.Context;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the memory that answers of records (partition reads and group polls) hold while they are
 * written. Such an answer is built whole in memory before it is written, and a client that does not
 * read keeps it there until the connection times out: without a bound, enough stalled readers of
 * large answers would fill the heap. Each answer takes its size from the budget before it is
 * written and gives it back once written or failed; an answer that does not fit waits up to {@link
 * #WAIT_MS} for others to finish, then the request gets 503 {@code server_busy} naming the budget.
 * One answer larger than the whole budget is still written when nothing else is held, so every
 * answer the limits allow can be had.
 *
 * <p>Invariant: {@code held} is the sum of the sizes of the answers being written, and exceeds
 * {@code limit} only by the one answer written alone. Thread-safe: a counter under a lock (not a
 * monitor, which would pin a waiting virtual thread to its carrier on JDK 21).
 */
public final class AnswerBudget {
  /** How long an answer waits for room before the request is refused. */
  static final long WAIT_MS = 1000;

  private final long limit;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private long held;

  /** A budget of {@code limit} bytes. */
  public AnswerBudget(long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the answer budget must be at least 1 byte");
    }
    this.limit = limit;
  }

  /** The bytes answers hold now. */
  public long held() {
    lock.lock();
    try {
      return held;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes {@code body} as the answer, holding its bytes in the budget until it is written or the
   * write failed. A client that went away meanwhile gets nothing, and nothing is thrown.
   *
   * @throws ApiError 503 when the answer found no room in time
   */
  public void write(Context ctx, String contentType, byte[] body) {
    take(body.length);
    try {
      ctx.contentType(contentType);
      ctx.res().setContentLengthLong(body.length);
      ResponseBodies.write(ctx.res(), body);
    } catch (IOException e) {
      // The client closed the connection or stopped reading until it timed out: no one to answer.
    } finally {
      give(body.length);
    }
  }

  private void take(long bytes) {
    lock.lock();
    try {
      long left = TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
      while (held > 0 && held + bytes > limit) {
        if (left <= 0) {
          throw new ApiError(
              503,
              -1,
              "server_busy",
              "answers being written hold "
                  + held
                  + " bytes of the broker's "
                  + limit
                  + "-byte budget, and this one needs "
                  + bytes
                  + "; retry, ask for fewer bytes (max_bytes), or raise --max-answer-bytes");
        }
        try {
          left = released.awaitNanos(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ApiError(503, -1, "server_busy", "interrupted while waiting to answer");
        }
      }
      held += bytes;
    } finally {
      lock.unlock();
    }
  }

  private void give(long bytes) {
    lock.lock();
    try {
      held -= bytes;
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
