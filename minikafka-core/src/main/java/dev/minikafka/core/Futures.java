package dev.minikafka.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Waiting on futures whose failures are our own unchecked exceptions (a storage error, say): the
 * caller gets the exception the future failed with, not a {@link CompletionException} around it.
 * Stateless.
 */
public final class Futures {
  private Futures() {}

  /**
   * Waits for {@code future} (not interruptibly) and returns its value; rethrows the exception it
   * failed with when that is unchecked, else the {@link CompletionException}.
   */
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
