package dev.minikafka.checker.check;

import dev.minikafka.checker.history.Action;
import dev.minikafka.checker.history.Op;
import dev.minikafka.checker.history.Outcome;
import dev.minikafka.checker.history.Rec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * No acknowledged write goes unseen: every consumer group returned each acknowledged write of the
 * topics it consumes (those it returned any record of) from some poll. The run lets the groups
 * catch up before it ends.
 */
public final class AcknowledgedWritesConsumed implements Property {
  @Override
  public String name() {
    return "acknowledged-writes-consumed";
  }

  @Override
  public String description() {
    return "every consumer group returned every acknowledged write of the topics it consumes from"
        + " some successful poll";
  }

  @Override
  public List<Violation> check(List<Op> history) {
    Map<String, Set<String>> seenByGroup = new LinkedHashMap<>();
    Map<String, Set<String>> topicsByGroup = new LinkedHashMap<>();
    for (Op op : history) {
      if (op.ok() && op.action() instanceof Action.Poll p) {
        Set<String> seen = seenByGroup.computeIfAbsent(p.group(), g -> new HashSet<>());
        Set<String> topics = topicsByGroup.computeIfAbsent(p.group(), g -> new HashSet<>());
        for (Rec r : p.records()) {
          seen.add(r.value());
          topics.add(r.tp().topic());
        }
      }
    }
    List<Violation> out = new ArrayList<>();
    for (Map.Entry<String, Set<String>> group : seenByGroup.entrySet()) {
      for (Op op : Ops.sends(history, Outcome.OK)) {
        Action.Send send = (Action.Send) op.action();
        if (topicsByGroup.get(group.getKey()).contains(send.tp().topic())
            && !group.getValue().contains(send.value())) {
          out.add(
              new Violation(
                  name(),
                  "group " + group.getKey() + " never returned acknowledged " + send.value(),
                  List.of(op)));
        }
      }
    }
    return out;
  }
}
