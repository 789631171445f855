package org.acpmerchant.checkout.session.protocol.body;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * The canonical (ACP 2026-04-17) checkout request bodies as Jackson binds them: record components are the JSON
 * fields in snake_case; fields we do not read are not modelled (the schema still validates them, unknown ones are
 * ignored). A body is bound only after the schema has checked its JSON types, so a component is null exactly when the
 * field was absent or null. The order of the components is the order in which faults are reported: a body with several
 * faults is refused for the one whose field comes first ({@link Fault#order}).
 */
public final class CheckoutBodies {

    private CheckoutBodies() {}

    /** {@code POST /checkout_sessions}. */
    public record CreateBody(
            List<Item> lineItems,
            String currency,
            Capabilities capabilities,
            String orderNotes,
            String locale,
            ObjectNode metadata,
            Buyer buyer,
            FulfillmentDetails fulfillmentDetails,
            Discounts discounts,
            List<String> coupons,
            AffiliateAttribution affiliateAttribution) {}

    /** {@code POST /checkout_sessions/{id}}: which fields were sent (absent vs null) is read from the parsed tree. */
    public record UpdateBody(
            List<Item> lineItems,
            Buyer buyer,
            FulfillmentDetails fulfillmentDetails,
            List<SelectedFulfillmentOption> selectedFulfillmentOptions,
            Discounts discounts,
            List<String> coupons,
            String orderNotes) {}

    /** {@code POST /checkout_sessions/{id}/complete}. */
    public record CompleteBody(
            PaymentData paymentData,
            String orderNotes,
            Buyer buyer,
            AuthenticationResult authenticationResult,
            AffiliateAttribution affiliateAttribution,
            List<MarketingConsent> marketingConsents) {}

    /** {@code POST /checkout_sessions/{id}/cancel} (the body is optional). */
    public record CancelBody(IntentTrace intentTrace) {}

    /** {@code POST /carts} and {@code PUT /carts/{id}}. */
    public record CartBody(List<Item> lineItems, Buyer buyer) {}

    /** {@code quantity} is not in the 2026-04-17 request schema but every agent sends it: a number, read as a count. */
    public record Item(String id, BigDecimal quantity) {}

    public record Capabilities(Interventions interventions) {}

    public record Interventions(List<String> supported) {}

    public record Buyer(
            String email,
            String accountType,
            String firstName,
            String lastName,
            String fullName,
            String phoneNumber,
            String customerId) {}

    public record FulfillmentDetails(String email, Address address, String name, String phoneNumber) {}

    /** Country first: an address with a bad country is refused for it before any missing line. */
    public record Address(
            String country,
            String name,
            String lineOne,
            String lineTwo,
            String city,
            String state,
            String postalCode,
            String company) {}

    public record Discounts(List<String> codes) {}

    public record SelectedFulfillmentOption(String type, String optionId, List<String> itemIds) {}

    public record PaymentData(String purchaseOrderNumber, String handlerId, Instrument instrument, Address billingAddress) {}

    public record Instrument(String type, Credential credential) {}

    public record Credential(String type, String token) {}

    public record AuthenticationResult(String outcome, OutcomeDetails outcomeDetails) {}

    public record OutcomeDetails(
            String electronicCommerceIndicator, String threeDsCryptogram, String transactionId, String version) {}

    public record AffiliateAttribution(
            String provider,
            String token,
            String publisherId,
            String campaignId,
            String creativeId,
            String subId,
            Source source,
            String touchpoint,
            String issuedAt,
            String expiresAt,
            ObjectNode metadata) {}

    public record Source(String type, String url) {}

    public record MarketingConsent(String channel, Boolean optedIn) {}

    public record IntentTrace(String reasonCode, String traceSummary, ObjectNode metadata) {}
}
