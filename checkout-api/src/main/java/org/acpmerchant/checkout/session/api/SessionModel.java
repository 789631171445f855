package org.acpmerchant.checkout.session.api;

import java.util.List;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;
import org.acpmerchant.events.quote.QuoteRequest.QuoteLine;

/** The canonical, version-independent shape of what an agent tells us about a session. */
public final class SessionModel {

    private SessionModel() {}

    /** One requested line: a catalog item id and a quantity (≥ 1). */
    public record LineRequest(String itemId, int quantity) {}

    public record Address(
            String name,
            String lineOne,
            String lineTwo,
            String city,
            String state,
            String country,
            String postalCode,
            String company) {}

    public record Buyer(
            String firstName,
            String lastName,
            String fullName,
            String email,
            String phoneNumber,
            String customerId,
            String accountType) {}

    public record FulfillmentDetails(String name, String phoneNumber, String email, Address address) {}

    /**
     * Everything the agent has set on the session so far. {@code metadata} is the agent's opaque object, kept as
     * JSON text; {@code agentInterventions} are the interventions the agent said it supports.
     */
    public record SessionInputs(
            String currency,
            List<LineRequest> lines,
            Buyer buyer,
            FulfillmentDetails fulfillment,
            String selectedFulfillmentOptionId,
            List<String> discountCodes,
            List<String> agentInterventions,
            String orderNotes,
            String locale,
            String metadataJson) {
        public SessionInputs {
            lines = List.copyOf(lines);
            discountCodes = discountCodes == null ? List.of() : List.copyOf(discountCodes);
            agentInterventions = agentInterventions == null ? List.of() : List.copyOf(agentInterventions);
        }

        /** What pricing is asked for these inputs: the lines, the currency, the destination, the choices. */
        public QuoteRequest quoteRequest(String requestId, String sessionId) {
            QuoteAddress address = fulfillment == null || fulfillment.address() == null ? null
                    : new QuoteAddress(fulfillment.address().country(), fulfillment.address().state(),
                            fulfillment.address().postalCode());
            return new QuoteRequest(requestId, sessionId, currency,
                    lines.stream().map(l -> new QuoteLine(l.itemId(), l.quantity())).toList(), address,
                    selectedFulfillmentOptionId, discountCodes);
        }
    }

    /** The delegated credential the agent hands over on complete. Redacted from {@link #toString()}. */
    public record PaymentCredential(String handlerId, String instrumentType, String credentialType, String token) {
        @Override
        public String toString() {
            return "PaymentCredential[handlerId=" + handlerId + ", credentialType=" + credentialType + ", token=<redacted>]";
        }
    }

    /**
     * ACP affiliate attribution (write-only: stored, never returned). {@code token} is the provider's secret and is
     * redacted from {@link #toString()}; {@code metadataJson} is the flat metadata object as JSON text.
     */
    public record Attribution(
            String provider,
            String token,
            String publisherId,
            String campaignId,
            String creativeId,
            String subId,
            String sourceType,
            String sourceUrl,
            String issuedAt,
            String expiresAt,
            String metadataJson) {
        @Override
        public String toString() {
            return "Attribution[provider=" + provider + ", publisherId=" + publisherId + ", campaignId=" + campaignId
                    + ", token=" + (token == null ? "null" : "<redacted>") + "]";
        }
    }

    /** Why the buyer canceled (ACP intent trace; write-only). {@code metadataJson}: the flat metadata as JSON. */
    public record IntentTrace(String reasonCode, String summary, String metadataJson) {}

    /**
     * The contact a marketing channel reaches (digest §19): email from the buyer, then the fulfillment details; sms
     * and whatsapp from the phone numbers the same way; null for any other channel or when there is none.
     */
    public static String marketingContact(String channel, Buyer buyer, FulfillmentDetails details) {
        return switch (channel) {
            case "email" -> firstNonBlank(buyer == null ? null : buyer.email(), details == null ? null : details.email());
            case "sms", "whatsapp" -> firstNonBlank(buyer == null ? null : buyer.phoneNumber(),
                    details == null ? null : details.phoneNumber());
            default -> null;
        };
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
    }

    /** A buyer's marketing decision for one offered channel, with the contact it applies to. */
    public record MarketingConsent(String channel, String contact, boolean optedIn) {
        @Override
        public String toString() {
            return "MarketingConsent[channel=" + channel + ", optedIn=" + optedIn + "]";
        }
    }
}
