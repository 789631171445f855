package org.acpmerchant.checkout.cart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.acpmerchant.checkout.edge.AcpException;
import org.acpmerchant.checkout.edge.IdempotencyKey;
import org.acpmerchant.checkout.edge.IdempotencyStore;
import org.acpmerchant.checkout.session.api.SessionModel.Buyer;
import org.acpmerchant.checkout.session.api.SessionModel.LineRequest;
import org.acpmerchant.checkout.session.application.PricingQuotes;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.platform.axon.AxonJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * ACP carts: priced estimates before checkout (no payment, no status lifecycle). Every create and replace is priced
 * by pricing-service; a canceled or expired cart reads as not found. A write under an idempotency key marks the key
 * applied in the write's transaction.
 */
public class Carts {

    /** A cart as stored: its inputs and the estimate. */
    public record Cart(
            String id, String agentId, String currency, List<LineRequest> lines, Buyer buyer, QuoteReply quote,
            Instant expiresAt, Instant updatedAt) {}

    private final JdbcTemplate jdbc;
    private final PricingQuotes pricing;
    private final Clock clock;
    private final Duration ttl;
    private final String currency;
    private final ObjectMapper json = AxonJson.newObjectMapper();
    private final TransactionTemplate tx;
    private final IdempotencyStore idempotency;

    public Carts(JdbcTemplate jdbc, PricingQuotes pricing, Clock clock, Duration ttl, String currency,
            TransactionTemplate tx, IdempotencyStore idempotency) {
        this.tx = tx;
        this.idempotency = idempotency;
        this.jdbc = jdbc;
        this.pricing = pricing;
        this.clock = clock;
        this.ttl = ttl;
        this.currency = currency;
    }

    public Cart create(String agentId, List<LineRequest> lines, Buyer buyer, IdempotencyKey key) {
        String id = "cart_" + UUID.randomUUID().toString().replace("-", "");
        Cart cart = priced(id, agentId, lines, buyer);
        Instant now = clock.instant();
        effect(key, id, () -> jdbc.update(
                "insert into cart (cart_id, agent_id, status, document, expires_at, created_at, updated_at) "
                        + "values (?, ?, 'open', ?, ?, ?, ?)",
                id, agentId, write(cart), Timestamp.from(cart.expiresAt()), Timestamp.from(now), Timestamp.from(now)));
        return cart;
    }

    /** A cart in whatever state, for answering a request whose write committed but whose response was lost. */
    public Cart find(String agentId, String cartId) {
        List<String> docs = jdbc.queryForList("select document from cart where cart_id = ? and agent_id = ?",
                String.class, cartId, agentId);
        if (docs.isEmpty()) {
            throw AcpException.of(404, "not_found", "Cart '" + cartId + "' was not found.");
        }
        return read(docs.get(0));
    }

    public Cart get(String agentId, String cartId) {
        List<String> docs = jdbc.queryForList(
                "select document from cart where cart_id = ? and agent_id = ? and status = 'open' and expires_at > ?",
                String.class, cartId, agentId, Timestamp.from(clock.instant()));
        if (docs.isEmpty()) {
            throw AcpException.of(404, "not_found", "Cart '" + cartId + "' was not found.");
        }
        return read(docs.get(0));
    }

    public Cart replace(String agentId, String cartId, List<LineRequest> lines, Buyer buyer, IdempotencyKey key) {
        get(agentId, cartId);
        Cart cart = priced(cartId, agentId, lines, buyer);
        effect(key, cartId, () -> jdbc.update(
                "update cart set document = ?, expires_at = ?, updated_at = ? where cart_id = ?",
                write(cart), Timestamp.from(cart.expiresAt()), Timestamp.from(clock.instant()), cartId));
        return cart;
    }

    public Cart cancel(String agentId, String cartId, IdempotencyKey key) {
        Cart cart = get(agentId, cartId);
        effect(key, cartId, () -> jdbc.update("update cart set status = 'canceled', updated_at = ? where cart_id = ?",
                Timestamp.from(clock.instant()), cartId));
        return cart;
    }

    private void effect(IdempotencyKey key, String cartId, Runnable write) {
        tx.executeWithoutResult(status -> {
            write.run();
            if (key != null) {
                idempotency.markApplied(key, cartId);
            }
        });
    }

    private Cart priced(String id, String agentId, List<LineRequest> lines, Buyer buyer) {
        QuoteReply quote = pricing.quote(new QuoteRequest(UUID.randomUUID().toString(), id, currency,
                lines.stream().map(l -> new QuoteRequest.QuoteLine(l.itemId(), l.quantity())).toList(), null, null,
                List.of()));
        if (quote.rejection() != null) {
            throw AcpException.invalid(quote.rejection().code(), quote.rejection().message(), quote.rejection().param());
        }
        if (!quote.lines().isEmpty() && quote.lines().stream().allMatch(l -> "out_of_stock".equals(l.availability()))) {
            throw new AcpException(422, "invalid_request", "out_of_stock",
                    "None of the requested items is available.", "$.line_items", null, null);
        }
        Instant now = clock.instant();
        return new Cart(id, agentId, currency, lines, buyer, quote, now.plus(ttl), now);
    }

    private String write(Cart cart) {
        try {
            return json.writeValueAsString(cart);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Cart read(String doc) {
        try {
            return json.readValue(doc, Cart.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
