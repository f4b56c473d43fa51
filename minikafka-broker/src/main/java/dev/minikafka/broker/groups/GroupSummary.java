package dev.minikafka.broker.groups;

/**
 * One line of the group list.
 *
 * @param group the group id
 * @param state what the group is doing
 * @param members how many live members it has
 * @param assignor its assignor, or null when it has never had a member
 * @param classroom whether it is a classroom consumer (a group of one read by {@code /consume})
 */
public record GroupSummary(
    String group, GroupState state, int members, Assignor assignor, boolean classroom) {}
