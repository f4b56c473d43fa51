package dev.minikafka.broker.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minikafka.broker.Broker;
import dev.minikafka.broker.ConsumedMessage;
import dev.minikafka.core.TopicPartition;
import dev.minikafka.core.errors.IllegalGenerationException;
import dev.minikafka.core.errors.InconsistentGroupProtocolException;
import dev.minikafka.core.errors.InvalidGroupIdException;
import dev.minikafka.core.errors.InvalidRequestException;
import dev.minikafka.core.errors.InvalidSessionTimeoutException;
import dev.minikafka.core.errors.NonEmptyGroupException;
import dev.minikafka.core.errors.OffsetOutOfRangeException;
import dev.minikafka.core.errors.UnknownConsumerException;
import dev.minikafka.core.errors.UnknownMemberIdException;
import dev.minikafka.storage.FileIo;
import dev.minikafka.storage.FlushPolicy;
import dev.minikafka.storage.LogOptions;
import dev.minikafka.storage.StorageConfig;
import dev.minikafka.storage.record.Compression;
import dev.minikafka.storage.record.RecordData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios of the group coordinator over a real broker on a temp directory, with time moved by
 * hand: joins, handovers, evictions, leaves, fencing, redelivery, restarts.
 */
class GroupCoordinatorTest {
  private static final long SESSION = 10_000;
  private static final PollRequest NOW = new PollRequest(0, 10_000, 64 << 20);

  @TempDir Path dataDir;
  private final ManualClock clock = new ManualClock();
  private Broker broker;
  private GroupCoordinator groups;

  @BeforeEach
  void open() {
    broker = Broker.open(config());
    groups = broker.groups();
  }

  @AfterEach
  void close() {
    broker.close();
  }

  private StorageConfig config() {
    return StorageConfig.of(dataDir)
        .withLogOptions(new LogOptions(FlushPolicy.ALWAYS, clock, FileIo.DEFAULT));
  }

  private void topic(String name, int partitions) {
    broker.logs().createTopic(name, partitions, Map.of());
  }

  /** Appends values to one partition; returns the offset of the first. */
  private long append(String topic, int partition, String... values) {
    List<RecordData> records = new ArrayList<>();
    for (String v : values) {
      records.add(RecordData.of(clock.milliseconds(), null, v.getBytes(StandardCharsets.UTF_8)));
    }
    return broker
        .logs()
        .log(new TopicPartition(topic, partition))
        .append(records, Compression.NONE)
        .baseOffset();
  }

  private JoinResult join(String group, Assignor assignor, String... topics) {
    return groups.join(
        group,
        new JoinRequest(List.of(topics), assignor, SESSION, OffsetReset.EARLIEST, false, "t"));
  }

  private static List<String> values(PollResult r) {
    List<String> out = new ArrayList<>();
    for (GroupRecord g : r.records()) {
      out.add(new String(g.record().value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static TopicPartition tp(String topic, int p) {
    return new TopicPartition(topic, p);
  }

  /** Every member's assignment from describe: never two members on one partition. */
  private Map<TopicPartition, String> exclusiveOwners(String group) {
    Map<TopicPartition, String> owners = new HashMap<>();
    for (MemberDescription m : groups.describe(group).members()) {
      for (TopicPartition tp : m.assignment()) {
        String other = owners.put(tp, m.memberId());
        assertThat(other).as("%s owned by %s and %s", tp, other, m.memberId()).isNull();
      }
    }
    return owners;
  }

  @Test
  void aMemberReadsCommitsAndASuccessorResumesFromTheCommit() {
    topic("orders", 3);
    for (int p = 0; p < 3; p++) {
      append("orders", p, "a" + p, "b" + p);
    }
    JoinResult a = join("billing", null, "orders");
    assertThat(a.assignor()).isEqualTo(Assignor.RANGE);
    assertThat(a.assignment()).containsExactly(tp("orders", 0), tp("orders", 1), tp("orders", 2));
    PollResult r = groups.poll("billing", a.memberId(), NOW);
    assertThat(values(r)).containsExactlyInAnyOrder("a0", "b0", "a1", "b1", "a2", "b2");
    assertThat(groups.commit("billing", a.memberId(), r.generation(), List.of())).hasSize(3);
    append("orders", 1, "c1");
    groups.leave("billing", a.memberId());

    JoinResult b = join("billing", null, "orders");
    assertThat(values(groups.poll("billing", b.memberId(), NOW))).containsExactly("c1");
    GroupDescription d = groups.describe("billing");
    assertThat(d.offsets()).extracting(PartitionOffset::committed).containsExactly(2L, 2L, 2L);
    assertThat(d.offsets()).extracting(PartitionOffset::lag).containsExactly(0L, 1L, 0L);
  }

  @Test
  void aPartitionMovesOnlyAfterItsOwnerGaveItUp() {
    topic("t", 2);
    JoinResult a = join("g", Assignor.RANGE, "t");
    assertThat(a.assignment()).hasSize(2);
    JoinResult b = join("g", null, "t");
    // Range wants one partition each, but a still owns both: b gets nothing yet.
    assertThat(b.assignment()).isEmpty();
    assertThat(groups.poll("g", b.memberId(), NOW).added()).isEmpty();
    assertThat(groups.describe("g").state()).isEqualTo(GroupState.Rebalancing);
    exclusiveOwners("g");

    PollResult ra = groups.poll("g", a.memberId(), NOW);
    assertThat(ra.revoked()).hasSize(1);
    TopicPartition moving = ra.revoked().get(0);
    assertThat(ra.assignment()).doesNotContain(moving).hasSize(1);
    // Revoked but not yet released: b still cannot have it, and a may still commit it.
    assertThat(groups.poll("g", b.memberId(), NOW).added()).isEmpty();
    append(moving.topic(), moving.partition(), "x");
    groups.commit("g", a.memberId(), ra.generation(), List.of(new OffsetCommit(moving, 1, "m")));

    PollResult ra2 = groups.poll("g", a.memberId(), NOW);
    assertThat(ra2.revoked()).isEmpty();
    assertThatThrownBy(
            () ->
                groups.commit(
                    "g", a.memberId(), ra2.generation(), List.of(new OffsetCommit(moving, 1, ""))))
        .isInstanceOf(IllegalGenerationException.class)
        .hasMessageContaining("does not own");
    PollResult rb = groups.poll("g", b.memberId(), NOW);
    assertThat(rb.added()).containsExactly(moving);
    assertThat(rb.records()).isEmpty(); // it starts at a's commit, past "x"
    assertThat(exclusiveOwners("g")).hasSize(2);
    assertThat(groups.describe("g").state()).isEqualTo(GroupState.Stable);
  }

  @Test
  void aMemberThatStopsPollingIsEvictedAndItsUncommittedRecordsAreRedelivered() {
    topic("t", 1);
    append("t", 0, "r0", "r1", "r2", "r3");
    JoinResult a = join("g", null, "t");
    assertThat(values(groups.poll("g", a.memberId(), new PollRequest(0, 2, 1 << 20))))
        .containsExactly("r0", "r1");
    groups.commit("g", a.memberId(), null, List.of());
    assertThat(values(groups.poll("g", a.memberId(), NOW))).containsExactly("r2", "r3");
    // a dies before committing r2 and r3.
    JoinResult b = join("g", null, "t");
    clock.advance(SESSION - 1);
    assertThat(groups.poll("g", b.memberId(), NOW).added()).isEmpty();
    clock.advance(1);
    PollResult rb = groups.poll("g", b.memberId(), NOW);
    assertThat(rb.added()).containsExactly(tp("t", 0));
    assertThat(values(rb)).containsExactly("r2", "r3");
    assertThatThrownBy(() -> groups.poll("g", a.memberId(), NOW))
        .isInstanceOf(UnknownMemberIdException.class)
        .hasMessageContaining("evicted");
    assertThatThrownBy(() -> groups.commit("g", a.memberId(), null, List.of()))
        .isInstanceOf(UnknownMemberIdException.class);
    assertThat(groups.describe("g").members())
        .extracting(MemberDescription::memberId)
        .containsExactly(b.memberId());
  }

  @Test
  void severalMembersJoinDieAndLeaveWithoutLosingOrDoublingOwnership() {
    topic("a", 4);
    topic("b", 3);
    int produced = 0;
    for (int p = 0; p < 4; p++) {
      append("a", p, "a" + p);
      produced++;
    }
    for (int p = 0; p < 3; p++) {
      append("b", p, "b" + p);
      produced++;
    }
    for (Assignor assignor : Assignor.values()) {
      String group = "g-" + assignor.id();
      Set<String> delivered = new HashSet<>();
      List<String> live = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        live.add(join(group, assignor, "a", "b").memberId());
        exclusiveOwners(group);
      }
      // One member stops polling and is evicted; another leaves.
      String dead = live.remove(0);
      for (int round = 0; round < 3; round++) {
        clock.advance(SESSION / 2);
        for (String m : live) {
          PollResult r = groups.poll(group, m, NOW);
          values(r).forEach(delivered::add);
          groups.commit(group, m, r.generation(), List.of());
          exclusiveOwners(group);
        }
      }
      assertThat(groups.describe(group).members())
          .extracting(MemberDescription::memberId)
          .doesNotContain(dead);
      groups.leave(group, live.remove(0));
      for (int round = 0; round < 3; round++) {
        for (String m : live) {
          values(groups.poll(group, m, NOW)).forEach(delivered::add);
          exclusiveOwners(group);
        }
      }
      assertThat(exclusiveOwners(group)).hasSize(7);
      assertThat(groups.describe(group).state()).isEqualTo(GroupState.Stable);
      assertThat(delivered).hasSize(produced);
    }
  }

  @Test
  void cooperativeStickyKeepsPartitionsThatNeedNotMove() {
    topic("t", 6);
    JoinResult a = join("g", Assignor.COOPERATIVE_STICKY, "t");
    JoinResult b = join("g", null, "t");
    groups.poll("g", a.memberId(), NOW);
    groups.poll("g", a.memberId(), NOW);
    groups.poll("g", b.memberId(), NOW);
    Map<TopicPartition, String> before = exclusiveOwners("g");
    assertThat(before).hasSize(6);
    JoinResult c = join("g", null, "t");
    for (int i = 0; i < 2; i++) {
      groups.poll("g", a.memberId(), NOW);
      groups.poll("g", b.memberId(), NOW);
      groups.poll("g", c.memberId(), NOW);
    }
    Map<TopicPartition, String> after = exclusiveOwners("g");
    assertThat(after).hasSize(6);
    long moved =
        after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey()))).count();
    assertThat(moved).isEqualTo(2);
  }

  @Test
  void staleGenerationsAndForeignPartitionsAreFenced() {
    topic("t", 2);
    topic("other", 1);
    JoinResult a = join("g", null, "t");
    JoinResult b = join("g", null, "t");
    // a learned generation 1; the group is at 2.
    assertThatThrownBy(() -> groups.commit("g", a.memberId(), a.generation(), List.of()))
        .isInstanceOf(IllegalGenerationException.class);
    assertThatThrownBy(() -> groups.commit("g", a.memberId(), b.generation(), List.of()))
        .isInstanceOf(IllegalGenerationException.class)
        .hasMessageContaining("has not polled");
    PollResult r = groups.poll("g", a.memberId(), NOW);
    assertThat(r.generation()).isEqualTo(b.generation());
    groups.commit("g", a.memberId(), r.generation(), List.of());
    assertThatThrownBy(
            () ->
                groups.commit(
                    "g",
                    a.memberId(),
                    r.generation(),
                    List.of(new OffsetCommit(tp("other", 0), 0, ""))))
        .isInstanceOf(IllegalGenerationException.class);
    assertThatThrownBy(() -> groups.poll("other-group", a.memberId(), NOW))
        .isInstanceOf(UnknownMemberIdException.class);
    assertThat(groups.describe("g").offsets())
        .allMatch(o -> o.committed() == null || o.committed() == 0);
  }

  @Test
  void joinChecksItsArguments() {
    topic("t", 1);
    join("g", Assignor.ROUNDROBIN, "t");
    assertThatThrownBy(() -> join("g", Assignor.RANGE, "t"))
        .isInstanceOf(InconsistentGroupProtocolException.class);
    assertThatThrownBy(
            () ->
                groups.join(
                    "g2",
                    new JoinRequest(List.of("t"), null, 999, OffsetReset.LATEST, false, null)))
        .isInstanceOf(InvalidSessionTimeoutException.class);
    assertThatThrownBy(() -> join("bad/group", null, "t"))
        .isInstanceOf(InvalidGroupIdException.class);
    assertThatThrownBy(() -> join("g3", null)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> join("g3", null, Broker.OFFSETS_TOPIC))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> groups.poll("g", "nobody", new PollRequest(0, 0, 1)))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void aWaitingPollAnswersWhenRecordsArriveOrTheAssignmentChanges() throws Exception {
    broker.registerTopic("t");
    JoinResult a = join("g", null, "t");
    CompletableFuture<PollResult> waiting =
        CompletableFuture.supplyAsync(
            () -> groups.poll("g", a.memberId(), new PollRequest(60_000, 10, 1 << 20)));
    Thread.sleep(100);
    assertThat(waiting).isNotDone();
    broker.produce("t", null, "hello");
    assertThat(values(waiting.get(30, TimeUnit.SECONDS))).containsExactly("hello");

    topic("u", 2);
    JoinResult c =
        groups.join(
            "h", new JoinRequest(List.of("u"), null, SESSION, OffsetReset.LATEST, false, null));
    assertThat(c.assignment()).hasSize(2);
    CompletableFuture<PollResult> again =
        CompletableFuture.supplyAsync(
            () -> groups.poll("h", c.memberId(), new PollRequest(60_000, 10, 1 << 20)));
    Thread.sleep(100);
    assertThat(again).isNotDone();
    groups.join("h", new JoinRequest(List.of("u"), null, SESSION, OffsetReset.LATEST, false, null));
    // Well before its 60 s timeout: a partition must move, so the owner hears of it at once.
    PollResult r = again.get(30, TimeUnit.SECONDS);
    assertThat(r.revoked()).hasSize(1);
    assertThat(r.records()).isEmpty();
  }

  @Test
  void autoCommitCommitsWhatThePreviousPollReturned() {
    topic("t", 1);
    append("t", 0, "x", "y");
    JoinResult a =
        groups.join(
            "g", new JoinRequest(List.of("t"), null, SESSION, OffsetReset.EARLIEST, true, "auto"));
    assertThat(values(groups.poll("g", a.memberId(), new PollRequest(0, 1, 1 << 20))))
        .containsExactly("x");
    assertThat(groups.describe("g").offsets())
        .extracting(PartitionOffset::committed)
        .containsExactly(0L); // the first poll commits the starting position, as Kafka does
    groups.poll("g", a.memberId(), new PollRequest(0, 1, 1 << 20));
    assertThat(groups.describe("g").offsets())
        .extracting(PartitionOffset::committed)
        .containsExactly(1L);
    groups.leave("g", a.memberId());
    assertThat(groups.describe("g").offsets())
        .extracting(PartitionOffset::committed)
        .containsExactly(2L);
  }

  private static PollRequest after(long lastPollId) {
    return new PollRequest(0, 2, 1 << 20, OptionalLong.of(lastPollId));
  }

  private List<Long> committed(String group) {
    return groups.describe(group).offsets().stream().map(PartitionOffset::committed).toList();
  }

  @Test
  void aPollNamingAnOlderAnswerReturnsTheRecordsOfTheLostOnesAgain() {
    topic("t", 1);
    append("t", 0, "a0", "a1", "a2", "a3", "a4", "a5");
    JoinResult a =
        groups.join(
            "g", new JoinRequest(List.of("t"), null, SESSION, OffsetReset.EARLIEST, true, "auto"));
    String m = a.memberId();
    PollResult first = groups.poll("g", m, after(0));
    assertThat(first.pollId()).isEqualTo(1);
    assertThat(values(first)).containsExactly("a0", "a1");
    // Answers 2 and 3 are lost on their way: the member still names answer 1 ...
    assertThat(values(groups.poll("g", m, after(1)))).containsExactly("a2", "a3");
    assertThat(values(groups.poll("g", m, after(1)))).containsExactly("a2", "a3");
    PollResult fourth = groups.poll("g", m, after(1));
    assertThat(fourth.pollId()).isEqualTo(4);
    assertThat(values(fourth)).containsExactly("a2", "a3");
    // ... and auto-commit committed only what answer 1 returned.
    assertThat(committed("g")).containsExactly(2L);
    assertThat(values(groups.poll("g", m, after(4)))).containsExactly("a4", "a5");
    assertThat(committed("g")).containsExactly(4L);
  }

  @Test
  void aLeaveNamingAnOlderAnswerCommitsOnlyWhatTheMemberReceived() {
    topic("t", 1);
    append("t", 0, "a0", "a1", "a2", "a3");
    JoinRequest autoCommit =
        new JoinRequest(List.of("t"), null, SESSION, OffsetReset.EARLIEST, true, null);
    String m = groups.join("g", autoCommit).memberId();
    assertThat(values(groups.poll("g", m, after(0)))).containsExactly("a0", "a1");
    assertThat(values(groups.poll("g", m, after(1)))).containsExactly("a2", "a3"); // lost
    assertThatThrownBy(() -> groups.leave("g", m, OptionalLong.of(3)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("last_poll_id 3");
    groups.leave("g", m, OptionalLong.of(1));
    assertThat(committed("g")).containsExactly(2L);
    // The next member reads what the lost answer held.
    String next = groups.join("g", autoCommit).memberId();
    assertThat(values(groups.poll("g", next, after(0)))).containsExactly("a2", "a3");
  }

  /** A member of group g reading topic t, whose one partition holds a0 to a3. */
  private String memberOfFour() {
    topic("t", 1);
    append("t", 0, "a0", "a1", "a2", "a3");
    return groups
        .join("g", new JoinRequest(List.of("t"), null, SESSION, OffsetReset.EARLIEST, false, null))
        .memberId();
  }

  @Test
  void aSeekAfterALostAnswerStands() {
    String m = memberOfFour();
    assertThat(values(groups.poll("g", m, after(0)))).containsExactly("a0", "a1");
    assertThat(values(groups.poll("g", m, after(1)))).containsExactly("a2", "a3"); // lost
    groups.seek("g", m, List.of(new PartitionSeek(tp("t", 0), new OffsetSpec.At(3))));
    assertThat(values(groups.poll("g", m, after(1)))).containsExactly("a3");
  }

  @Test
  void aPollThatNamesNoAnswerOrAnUnknownOneDoesNotMoveBack() {
    String m = memberOfFour();
    PollRequest two = new PollRequest(0, 2, 1 << 20);
    assertThat(values(groups.poll("g", m, two))).containsExactly("a0", "a1");
    assertThat(values(groups.poll("g", m, two))).containsExactly("a2", "a3");
    for (long unknown : new long[] {-1, 3, Long.MAX_VALUE}) {
      assertThatThrownBy(() -> groups.poll("g", m, after(unknown)))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("last_poll_id " + unknown);
    }
    // Refused polls change nothing: naming answer 2, the latest, reads on.
    append("t", 0, "a4");
    assertThat(values(groups.poll("g", m, after(2)))).containsExactly("a4");
  }

  @Test
  void latestStartsAtTheEndAndSeekMovesThePosition() {
    topic("t", 1);
    append("t", 0, "old0", "old1", "old2");
    JoinResult a =
        groups.join(
            "g", new JoinRequest(List.of("t"), null, SESSION, OffsetReset.LATEST, false, null));
    assertThat(groups.poll("g", a.memberId(), NOW).records()).isEmpty();
    groups.seek(
        "g", a.memberId(), List.of(new PartitionSeek(tp("t", 0), new OffsetSpec.Earliest())));
    assertThat(values(groups.poll("g", a.memberId(), NOW))).containsExactly("old0", "old1", "old2");
    groups.seek("g", a.memberId(), List.of(new PartitionSeek(tp("t", 0), new OffsetSpec.At(2))));
    assertThat(values(groups.poll("g", a.memberId(), NOW))).containsExactly("old2");
    assertThatThrownBy(
            () ->
                groups.seek(
                    "g",
                    a.memberId(),
                    List.of(new PartitionSeek(tp("t", 0), new OffsetSpec.At(4)))))
        .isInstanceOf(OffsetOutOfRangeException.class);
    groups.seek(
        "g",
        a.memberId(),
        List.of(new PartitionSeek(tp("t", 0), new OffsetSpec.AtTimestamp(clock.milliseconds()))));
    assertThat(values(groups.poll("g", a.memberId(), NOW))).containsExactly("old0", "old1", "old2");
  }

  @Test
  void resetAndDeleteNeedAnEmptyGroup() {
    topic("t", 2);
    append("t", 0, "a", "b");
    JoinResult a = join("g", null, "t");
    assertThatThrownBy(() -> groups.resetOffsets("g", "t", null, new OffsetSpec.Latest()))
        .isInstanceOf(NonEmptyGroupException.class);
    assertThatThrownBy(() -> groups.delete("g")).isInstanceOf(NonEmptyGroupException.class);
    groups.leave("g", a.memberId());
    assertThat(groups.resetOffsets("g", "t", List.of(0), new OffsetSpec.Latest()))
        .containsExactly(new OffsetCommit(tp("t", 0), 2, ""));
    assertThat(groups.describe("g").offsets())
        .extracting(PartitionOffset::committed)
        .containsExactly(2L);
    groups.resetOffsets("g", "t", null, new OffsetSpec.Earliest());
    assertThat(groups.describe("g").offsets())
        .extracting(PartitionOffset::committed)
        .containsExactly(0L, 0L);
    groups.delete("g");
    assertThatThrownBy(() -> groups.describe("g")).isInstanceOf(UnknownConsumerException.class);
    assertThatThrownBy(() -> groups.delete("g")).isInstanceOf(UnknownConsumerException.class);
    assertThat(groups.list()).extracting(GroupSummary::group).doesNotContain("g");
  }

  @Test
  void offsetsSurviveARestartAndMembershipsDoNot() {
    topic("t", 1);
    append("t", 0, "a", "b", "c");
    JoinResult a = join("g", null, "t");
    groups.poll("g", a.memberId(), new PollRequest(0, 2, 1 << 20));
    groups.commit("g", a.memberId(), null, List.of(new OffsetCommit(tp("t", 0), 2, "meta")));
    broker.close();
    broker = Broker.open(config());
    groups = broker.groups();
    assertThatThrownBy(() -> groups.poll("g", a.memberId(), NOW))
        .isInstanceOf(UnknownMemberIdException.class);
    GroupDescription d = groups.describe("g");
    assertThat(d.offsets()).containsExactly(new PartitionOffset(tp("t", 0), 2L, "meta", 3L, 1L));
    JoinResult b = join("g", null, "t");
    assertThat(values(groups.poll("g", b.memberId(), NOW))).containsExactly("c");
  }

  @Test
  void classroomConsumersAreGroupsOfOne() {
    broker.registerTopic("demo");
    broker.produce("demo", null, "m0");
    broker.produce("demo", null, "m1");
    broker.registerConsumer("demo", "abinash");
    assertThat(broker.consume("abinash", 0)).map(ConsumedMessage::value).hasValue("m0");
    assertThat(groups.list())
        .contains(new GroupSummary("abinash", GroupState.Empty, 0, null, true));
    assertThat(groups.describe("abinash").offsets())
        .containsExactly(new PartitionOffset(tp("demo", 0), 1L, "", 2L, 1L));
    // A group member of the same id commits with metadata; the classroom consumer reads on.
    JoinResult m = join("abinash", null, "demo");
    groups.commit("abinash", m.memberId(), null, List.of(new OffsetCommit(tp("demo", 0), 1, "x")));
    groups.leave("abinash", m.memberId());
    assertThat(broker.consume("abinash", 0)).map(ConsumedMessage::value).hasValue("m1");
    assertThat(broker.stats().consumers().get("abinash").offset()).isEqualTo(2);
  }

  @Test
  void newPartitionsOfASubscribedTopicAreAssigned() {
    topic("t", 1);
    JoinResult a = join("g", null, "t");
    assertThat(a.assignment()).hasSize(1);
    broker.logs().addPartitions("t", 3);
    PollResult r = groups.poll("g", a.memberId(), NOW);
    assertThat(r.added()).containsExactly(tp("t", 1), tp("t", 2));
    assertThat(r.generation()).isGreaterThan(a.generation());
  }

  @Test
  void aPollReadsAcrossBatchesUpToItsLimits() {
    topic("t", 1);
    for (int i = 0; i < 5; i++) {
      append("t", 0, "v" + i); // one batch each
    }
    JoinResult a = join("g", null, "t");
    assertThat(values(groups.poll("g", a.memberId(), NOW)))
        .containsExactly("v0", "v1", "v2", "v3", "v4");
    groups.seek(
        "g", a.memberId(), List.of(new PartitionSeek(tp("t", 0), new OffsetSpec.Earliest())));
    // Two bytes each: a budget of 5 bytes takes two; a budget of 1 still takes one.
    assertThat(values(groups.poll("g", a.memberId(), new PollRequest(0, 100, 5))))
        .containsExactly("v0", "v1");
    assertThat(values(groups.poll("g", a.memberId(), new PollRequest(0, 100, 1))))
        .containsExactly("v2");
    assertThat(values(groups.poll("g", a.memberId(), new PollRequest(0, 1, 1 << 20))))
        .containsExactly("v3");
  }
}
