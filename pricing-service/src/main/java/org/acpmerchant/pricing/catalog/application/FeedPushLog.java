package org.acpmerchant.pricing.catalog.application;

import java.time.Instant;
import java.util.Optional;

/** Where the catalog's revision, the agent's feed id and the record of every push live. */
public interface FeedPushLog {

    /** The current catalog revision (changes with every feed load and merchant update); 0 when none is loaded. */
    long catalogRevision();

    /** The highest revision pushed successfully to {@code baseUrl}, 0 when none. */
    long pushedRevision(String baseUrl);

    Optional<String> feedId(String baseUrl);

    void saveFeedId(String baseUrl, String feedId, Instant at);

    /** The metadata's {@code target_country}, null when unset. */
    String targetCountry();

    /** Records one push: {@code status} {@code succeeded} or {@code failed} (with {@code error}). */
    void record(Push push);

    record Push(String baseUrl, String feedId, long revision, Instant startedAt, Instant finishedAt, int products,
            int batches, int attempts, String status, String error) {}
}
