package org.acpmerchant.platform.messaging;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Remembers which messages a consumer has applied. Call {@link #firstDelivery} inside the transaction of the effect.
 * A message id is kept as long as the broker could deliver the message again; {@link InboxRetention} then forgets it.
 */
public class Inbox {

    /** Through the index on {@code received_at} (R__inbox_received_at_index.sql), not a scan of the whole inbox. */
    static final String FORGET = """
            delete from inbox_message where ctid = any (array(
                select ctid from inbox_message where received_at < ? limit ?))""";

    private final JdbcTemplate jdbc;

    public Inbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True the first time this consumer sees the message id; false for every redelivery. */
    public boolean firstDelivery(String consumer, String messageId) {
        return jdbc.update(
                        "insert into inbox_message (consumer, message_id) values (?, ?) on conflict do nothing",
                        consumer,
                        messageId)
                == 1;
    }

    /**
     * Forgets at most {@code limit} of the messages received before {@code cutoff} in one statement (its own
     * transaction when called outside one); returns how many. Replicas may run it at once: a row another one deleted is
     * skipped. {@link InboxRetention} calls it until none is left.
     */
    public int forgetReceivedBefore(Instant cutoff, int limit) {
        return jdbc.update(FORGET, Timestamp.from(cutoff), limit);
    }
}
