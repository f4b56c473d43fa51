package dev.minikafka.checker.faults;

/** The faults the checker injects. */
public enum FaultKind {
  /** SIGKILL the broker, then start it again on the same data directory */
  KILL,
  /** SIGSTOP the broker for longer than the group session timeout, then SIGCONT */
  PAUSE,
  /** restart into the fault-injecting broker; every fsync of one partition fails; crash */
  FSYNC_FAILURE,
  /** restart into the fault-injecting broker; writes of one partition run out of space; crash */
  WRITE_FAILURE,
  /** fill the file system of the data directory (a small tmpfs) for a while, then free it */
  DISK_FULL,
  /** crash with unacknowledged writes in flight, damage the segment tail past them, restart */
  TAIL_DAMAGE,
  /** a raw HTTP client that dies mid-request: after sending it, or half-way through its body */
  CLIENT_KILL,
  /** a group member stalls between a poll and its commit for longer than the session timeout */
  CONSUMER_STALL
}
