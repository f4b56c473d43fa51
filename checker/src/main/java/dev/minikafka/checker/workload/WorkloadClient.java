package dev.minikafka.checker.workload;

/**
 * One client of the workload: runs on its own thread until {@link #stop()}, recording every
 * operation in the history.
 */
public interface WorkloadClient extends Runnable {
  /** The client's name in the history. */
  String name();

  /** Asks the client to finish its current operation and return from {@link #run()}. */
  void stop();
}
