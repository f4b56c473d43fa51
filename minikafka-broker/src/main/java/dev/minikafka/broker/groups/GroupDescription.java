package dev.minikafka.broker.groups;

import java.util.List;

/**
 * A group in full.
 *
 * @param group the group id
 * @param state what it is doing
 * @param generation its generation (0 for a group that never had a member)
 * @param assignor its assignor, or null
 * @param members its live members
 * @param offsets every partition with a committed offset or an owner, sorted
 */
public record GroupDescription(
    String group,
    GroupState state,
    int generation,
    Assignor assignor,
    List<MemberDescription> members,
    List<PartitionOffset> offsets) {}
