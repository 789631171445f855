package org.acpmerchant.platform.messaging;

import org.springframework.jdbc.core.JdbcTemplate;

/** Remembers which messages a consumer has applied. Call it inside the transaction of the effect. */
public class Inbox {

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
}
