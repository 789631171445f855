package org.acpmerchant.pricing.catalog.application;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
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

    /**
     * Remembers what the agent's feed at {@code baseUrl} now holds after {@code products} were upserted: their
     * variants still in the catalog are kept (so a later removal can be pushed as discontinued); variants that left
     * the catalog (just pushed as discontinued) are forgotten.
     */
    void recordPushed(String baseUrl, List<ObjectNode> products);

    /** Records one push: {@code status} {@code succeeded} or {@code failed} (with {@code error}). */
    void record(Push push);

    record Push(String baseUrl, String feedId, long revision, Instant startedAt, Instant finishedAt, int products,
            int batches, int attempts, String status, String error) {}
}
