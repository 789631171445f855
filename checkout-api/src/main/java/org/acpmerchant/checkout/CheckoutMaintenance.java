package org.acpmerchant.checkout;

import org.acpmerchant.checkout.edge.IdempotencyStore;
import org.acpmerchant.checkout.session.application.CheckoutSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Background housekeeping: sessions past {@code expires_at} become {@code expired}; old idempotency keys go. */
@Component
class CheckoutMaintenance {

    private static final Logger log = LoggerFactory.getLogger(CheckoutMaintenance.class);

    private final CheckoutSessions sessions;
    private final IdempotencyStore idempotency;

    CheckoutMaintenance(CheckoutSessions sessions, IdempotencyStore idempotency) {
        this.sessions = sessions;
        this.idempotency = idempotency;
    }

    @Scheduled(fixedDelayString = "${acp.checkout.expiry-sweep-interval:PT15S}")
    void expireSessions() {
        try {
            int expired = sessions.expireDue(100);
            if (expired > 0) {
                log.info("expired {} checkout sessions", expired);
            }
        } catch (RuntimeException e) {
            log.warn("session expiry sweep failed; retrying on the next run", e);
        }
    }

    @Scheduled(fixedDelayString = "${acp.checkout.idempotency-purge-interval:PT10M}")
    void purgeIdempotencyKeys() {
        idempotency.purgeExpired();
    }
}
