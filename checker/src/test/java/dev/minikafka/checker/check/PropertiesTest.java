package dev.minikafka.checker.check;

import static dev.minikafka.checker.check.Histories.A0;
import static dev.minikafka.checker.check.Histories.A1;
import static dev.minikafka.checker.check.Histories.rec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.Op;
import dev.minikafka.checker.history.Outcome;
import dev.minikafka.core.TopicPartition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each property on hand-made histories: it holds on a correct one and catches its violation, naming
 * the operations behind it.
 */
class PropertiesTest {

  /** A correct history: two acknowledged writes, consumed, committed, drained. */
  private static Histories correct() {
    return new Histories()
        .ack("p", 0, A0, "v0", 0)
        .ack("p", 1, A0, "v1", 1)
        .send("p", 2, A0, "v2", Outcome.UNKNOWN)
        .send("p", 3, A0, "v3", Outcome.FAILED)
        .reposition("c")
        .poll("c", rec(A0, 0, "v0"))
        .commit("c", A0, 1)
        .poll("c", rec(A0, 1, "v1"))
        .commit("c", A0, 2)
        .drain(A0, rec(A0, 0, "v0"), rec(A0, 1, "v1"));
  }

  @Test
  void aCorrectHistoryBreaksNoProperty() {
    assertThat(Properties.check(correct().build())).isEmpty();
  }

  @Test
  void anUnknownWriteMayBeThereOrNot() {
    List<Op> present =
        correct()
            .poll("c", rec(A0, 2, "v2"))
            .drain(A0, rec(A0, 0, "v0"), rec(A0, 1, "v1"), rec(A0, 2, "v2"))
            .build();
    assertThat(Properties.check(present)).isEmpty();
  }

  @Test
  void aLostAcknowledgedWriteIsCaught() {
    List<Op> h =
        new Histories()
            .ack("p", 0, A0, "v0", 0)
            .ack("p", 1, A0, "v1", 1)
            .drain(A0, rec(A0, 0, "v0"))
            .build();
    List<Violation> vs = new AcknowledgedWritesKept().check(h);
    assertThat(vs)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.message()).contains("v1").contains("a-0@1").contains("lost");
              assertThat(v.ops()).containsExactly(h.get(1), h.get(2));
            });
  }

  @Test
  void anAcknowledgedWriteOfAPartitionNeverReadIsCaught() {
    List<Op> h = new Histories().ack("p", 0, A1, "v0", 0).drain(A0).build();
    assertThat(new AcknowledgedWritesKept().check(h))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("never read"));
  }

  @Test
  void anAcknowledgedWriteTheGroupNeverReturnedIsCaught() {
    List<Op> h =
        new Histories()
            .ack("p", 0, A0, "v0", 0)
            .ack("p", 1, A0, "v1", 1)
            .poll("c", rec(A0, 0, "v0"))
            .build();
    assertThat(new AcknowledgedWritesConsumed().check(h))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.message()).contains("never returned").contains("v1");
              assertThat(v.ops()).containsExactly(h.get(1));
            });
  }

  @Test
  void aTopicTheGroupDoesNotConsumeNeedNotBeReturned() {
    List<Op> h =
        new Histories()
            .ack("p", 0, A0, "v0", 0)
            .ack("p", 1, new TopicPartition("b", 0), "w0", 0)
            .poll("c", rec(A0, 0, "v0"))
            .build();
    assertThat(new AcknowledgedWritesConsumed().check(h)).isEmpty();
  }

  @Test
  void twoValuesAtOneOffsetAreCaught() {
    List<Op> h = new Histories().poll("c", rec(A0, 0, "v0")).drain(A0, rec(A0, 0, "other")).build();
    assertThat(new OneValuePerOffset().check(h))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.message()).contains("a-0@0").contains("v0").contains("other");
              assertThat(v.ops()).containsExactly(h.get(0), h.get(1));
            });
  }

  @Test
  void anAcknowledgementAtAnOffsetThatHoldsAnotherValueIsCaught() {
    List<Op> h = new Histories().ack("p", 0, A0, "v0", 0).drain(A0, rec(A0, 0, "v9")).build();
    assertThat(new OneValuePerOffset().check(h)).hasSize(1);
  }

  @Test
  void aValueStoredTwiceIsCaught() {
    List<Op> h =
        new Histories()
            .ack("p", 0, A0, "v0", 0)
            .drain(A0, rec(A0, 0, "v0"), rec(A0, 1, "v0"))
            .build();
    assertThat(new NoDuplicates().check(h))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.message()).contains("v0 is stored twice");
              assertThat(v.ops()).containsExactly(h.get(0), h.get(1));
            });
  }

  @Test
  void aGapInAPartitionIsCaught() {
    List<Op> h = new Histories().drain(A0, rec(A0, 0, "v0"), rec(A0, 2, "v2")).build();
    assertThat(new DenseOffsets().check(h))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("offset 2 where 1 belongs"));
  }

  @Test
  void aProducersLaterWriteAtALowerOffsetIsCaught() {
    List<Op> h =
        new Histories()
            .ack("p", 0, A0, "v0", 5)
            .ack("p", 1, A0, "v1", 4)
            .ack("q", 0, A0, "w0", 3)
            .build();
    assertThat(new ProducerOffsetsIncrease().check(h))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.message()).contains("p wrote v0 before v1").contains("offsets 5 and 4");
              assertThat(v.ops()).containsExactly(h.get(0), h.get(1));
            });
  }

  @Test
  void theSendOrderCountsNotTheOrderOfAcknowledgement() {
    // Acknowledged in the other order, but issued 0 then 1, at increasing offsets: fine.
    List<Op> h = new Histories().ack("p", 1, A0, "v1", 6).ack("p", 0, A0, "v0", 5).build();
    assertThat(new ProducerOffsetsIncrease().check(h)).isEmpty();
  }

  @Test
  void aPollThatSkipsOrGoesBackIsCaught() {
    List<Op> skip = new Histories().poll("c", rec(A0, 0, "v0")).poll("c", rec(A0, 2, "v2")).build();
    assertThat(new PollsContiguous().check(skip))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.message()).contains("c skipped on a-0 from offset 0 to 2");
              assertThat(v.ops()).containsExactly(skip.get(0), skip.get(1));
            });
    List<Op> back =
        new Histories().poll("c", rec(A0, 0, "v0"), rec(A0, 1, "v1"), rec(A0, 1, "v1")).build();
    assertThat(new PollsContiguous().check(back))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("went back"));
  }

  @Test
  void aRebalanceLetsAConsumerGoBackOrResumeWhereTheGroupOrItselfLeftOff() {
    List<Op> h =
        new Histories()
            .poll("c", rec(A0, 0, "v0"), rec(A0, 1, "v1"), rec(A0, 2, "v2"))
            .commit("c", A0, 2)
            .reposition("c")
            // Back to the commit: reading uncommitted records again is at-least-once.
            .poll("c", rec(A0, 2, "v2"), rec(A0, 3, "v3"))
            .reposition("c")
            // On from its own position: it kept the partition.
            .poll("c", rec(A0, 4, "v4"), rec(A0, 5, "v5"))
            .commit("c", A0, 6)
            .reposition("d")
            .poll("d", rec(A0, 6, "v6"))
            .build();
    assertThat(new PollsContiguous().check(h)).isEmpty();
  }

  @Test
  void aMemberStartingPastTheGroupsCommitAfterARebalanceIsCaught() {
    List<Op> h =
        new Histories()
            .poll("c", rec(A0, 0, "v0"), rec(A0, 1, "v1"), rec(A0, 2, "v2"))
            .commit("c", A0, 1)
            .reposition("d")
            .poll("d", rec(A0, 3, "v3"))
            .build();
    assertThat(new PollsContiguous().check(h))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.message())
                  .contains("d skipped on a-0 after a rebalance: it started at offset 3")
                  .contains("had committed at most offset 1");
              assertThat(v.ops()).containsExactly(h.get(1), h.get(3));
            });
    List<Op> fromNothing = new Histories().reposition("d").poll("d", rec(A0, 1, "v1")).build();
    assertThat(new PollsContiguous().check(fromNothing))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("had committed nothing"));
  }

  @Test
  void aCommitThatMayHaveTakenEffectBeforeThePollCompletedCountsAndNoOtherDoes() {
    Action.Commit three = new Action.Commit("c", "g", Map.of(A0, 3L));
    Action.Poll fromThree = new Action.Poll("d", "g", List.of(rec(A0, 3, "v3")));
    // Unknown outcome: it may have taken effect.
    List<Op> unknown =
        new Histories().op("c", Outcome.UNKNOWN, three).op("d", Outcome.OK, fromThree).build();
    assertThat(new PollsContiguous().check(unknown)).isEmpty();
    // Overlapping the poll in time: it may have taken effect before the broker answered.
    List<Op> overlapping = new Histories().op("d", 0, 10, fromThree).op("c", 5, 15, three).build();
    assertThat(new PollsContiguous().check(overlapping)).isEmpty();
    // Refused, or begun after the poll completed: it cannot explain where the poll started.
    List<Op> failed =
        new Histories().op("c", Outcome.FAILED, three).op("d", Outcome.OK, fromThree).build();
    assertThat(new PollsContiguous().check(failed)).hasSize(1);
    List<Op> later = new Histories().op("d", 0, 10, fromThree).op("c", 11, 15, three).build();
    assertThat(new PollsContiguous().check(later)).hasSize(1);
  }

  @Test
  void aCommitBelowOneThatCompletedBeforeIsCaught() {
    List<Op> h = new Histories().commit("c", A0, 10).commit("d", A0, 7).build();
    assertThat(new CommitsNeverBackwards().check(h))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.message()).contains("committed offset 10, then 7");
              assertThat(v.ops()).containsExactly(h.get(0), h.get(1));
            });
  }

  @Test
  void aDescriptionBelowAnEarlierCommitIsCaughtButConcurrentCommitsAreNotOrdered() {
    Action.Commit ten = new Action.Commit("c", "g", Map.of(A0, 10L));
    Action.Commit seven = new Action.Commit("d", "g", Map.of(A0, 7L));
    // Overlapping in time: either may take effect last.
    List<Op> concurrent = new Histories().op("c", 0, 10, ten).op("d", 5, 15, seven).build();
    assertThat(new CommitsNeverBackwards().check(concurrent)).isEmpty();
    List<Op> afterRestart =
        new Histories()
            .commit("c", A0, 10)
            .op("observer", Outcome.OK, new Action.Committed("g", Map.of(A0, 3L)))
            .build();
    assertThat(new CommitsNeverBackwards().check(afterRestart)).hasSize(1);
  }

  @Test
  void aRefusedWriteThatAppearsIsCaught() {
    List<Op> h =
        new Histories().send("p", 0, A0, "v0", Outcome.FAILED).drain(A0, rec(A0, 0, "v0")).build();
    assertThat(new FailedWritesAbsent().check(h))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.message()).contains("v0 was refused").contains("a-0@0");
              assertThat(v.ops()).containsExactly(h.get(0), h.get(1));
            });
  }
}
