package org.acpmerchant.checkout.session.query;

import java.sql.Timestamp;
import java.util.List;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.AffiliateAttributionRecorded;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.IntentTraceRecorded;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.MarketingConsentsRecorded;
import org.acpmerchant.checkout.session.api.SessionModel.MarketingConsent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The merchant's own tables of what agents send write-only: affiliate attribution (first claim per touchpoint wins),
 * intent traces, and marketing consents (latest decision per channel and contact). Same processing group as the
 * session view, so written in the events' transaction; replays upsert and never duplicate. Agents never read these;
 * {@link #isSubscribed} answers the session's {@code is_subscribed} only for the buyer's own account or session.
 */
@ProcessingGroup(SessionViewProjection.PROCESSING_GROUP)
public class WriteOnlyRecords {

    private final JdbcTemplate jdbc;

    public WriteOnlyRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    public void on(AffiliateAttributionRecorded e) {
        var a = e.attribution();
        jdbc.update("""
                insert into session_attribution (session_id, touchpoint, agent_id, provider, token, publisher_id,
                    campaign_id, creative_id, sub_id, source_type, source_url, issued_at, expires_at, metadata,
                    recorded_at)
                select ?, ?, agent_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? from session_view where session_id = ?
                on conflict (session_id, touchpoint) do nothing
                """, e.sessionId(), e.touchpoint(), a.provider(), a.token(), a.publisherId(), a.campaignId(),
                a.creativeId(), a.subId(), a.sourceType(), a.sourceUrl(), a.issuedAt(), a.expiresAt(),
                a.metadataJson(), Timestamp.from(e.at()), e.sessionId());
    }

    @EventHandler
    public void on(IntentTraceRecorded e) {
        jdbc.update("""
                insert into session_intent_trace (session_id, agent_id, reason_code, summary, metadata, recorded_at)
                select ?, agent_id, ?, ?, ?, ? from session_view where session_id = ?
                on conflict (session_id) do nothing
                """, e.sessionId(), e.trace().reasonCode(), e.trace().summary(), e.trace().metadataJson(),
                Timestamp.from(e.at()), e.sessionId());
    }

    @EventHandler
    public void on(MarketingConsentsRecorded e) {
        for (MarketingConsent c : e.consents()) {
            jdbc.update("""
                    insert into marketing_consent (channel, contact, opted_in, customer_id, session_id, agent_id,
                        updated_at)
                    select ?, ?, ?, ?, ?, agent_id, ? from session_view where session_id = ?
                    on conflict (channel, contact) do update set opted_in = excluded.opted_in,
                        customer_id = coalesce(excluded.customer_id, marketing_consent.customer_id),
                        session_id = excluded.session_id, agent_id = excluded.agent_id,
                        updated_at = excluded.updated_at
                    where marketing_consent.updated_at <= excluded.updated_at
                    """, c.channel(), c.contact(), c.optedIn(), e.customerId(), e.sessionId(), Timestamp.from(e.at()),
                    e.sessionId());
        }
    }

    /**
     * Whether {@code contact} is subscribed on {@code channel}, told only to the account that gave the consent
     * ({@code customerId}) or within the session that recorded it: an agent cannot probe a stranger's address.
     */
    public boolean isSubscribed(String channel, String contact, String customerId, String sessionId) {
        if (contact == null) {
            return false;
        }
        List<Boolean> rows = jdbc.queryForList("""
                select opted_in from marketing_consent where channel = ? and contact = ?
                  and (session_id = ? or (customer_id is not null and customer_id = ?))
                """, Boolean.class, channel, contact.trim().toLowerCase(java.util.Locale.ROOT), sessionId, customerId);
        return !rows.isEmpty() && rows.get(0);
    }
}
