package dev.minikafka.client;

/**
 * A consumer group as {@link Admin#listGroups()} lists it.
 *
 * @param groupId its id
 * @param state {@code Empty}, {@code Stable} or {@code Rebalancing}
 * @param members how many members it has
 * @param assignor its assignor's name, or null when it has none yet
 */
public record GroupListing(String groupId, String state, int members, String assignor) {}
