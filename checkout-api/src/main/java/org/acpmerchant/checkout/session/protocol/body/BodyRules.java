package org.acpmerchant.checkout.session.protocol.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.Address;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.AffiliateAttribution;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.AuthenticationResult;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.Buyer;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.CancelBody;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.CartBody;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.CompleteBody;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.CreateBody;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.Discounts;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.FulfillmentDetails;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.IntentTrace;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.Item;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.MarketingConsent;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.PaymentData;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.SelectedFulfillmentOption;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.UpdateBody;

/**
 * Our rules beyond the schema, in one place, checked on the bound records: lengths, non-empty required text,
 * identifiers without whitespace, email, country and currency shapes, whole quantities ({@code 2.0} counts as 2,
 * {@code 2.5} does not) within limits, no personal data in affiliate attribution, flat metadata, and the two
 * alternatives the schema states as {@code anyOf} (a payment handler or a purchase order; an attribution token or a
 * publisher id) so that the refusal names a field. A value the schema already refused (absent, wrong type) is null
 * here or never bound, and is skipped.
 */
public final class BodyRules {

    public static final int MAX_LINE_ITEMS = 100;
    public static final int MAX_QUANTITY = 9_999;
    private static final Pattern CURRENCY = Pattern.compile("^[A-Za-z]{3}$");
    private static final Pattern COUNTRY = Pattern.compile("^[A-Za-z]{2}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE_LIKE = Pattern.compile("^\\+?[\\d\\s().-]+$");

    private final List<Fault> faults = new ArrayList<>();

    private BodyRules() {}

    public static List<Fault> create(CreateBody body) {
        BodyRules r = new BodyRules();
        r.lineItems(body.lineItems(), true);
        if (r.required("$.currency", body.currency(), 3) && !CURRENCY.matcher(body.currency()).matches()) {
            r.fault("$.currency", "must be an ISO 4217 code such as 'usd'");
        }
        if (body.capabilities() != null && body.capabilities().interventions() != null) {
            r.strings("$.capabilities.interventions.supported", body.capabilities().interventions().supported(), 20, 50);
        }
        r.orderNotes(body.orderNotes());
        r.optional("$.locale", body.locale(), 35);
        r.buyer(body.buyer());
        r.fulfillmentDetails(body.fulfillmentDetails());
        r.discounts(body.discounts(), body.coupons());
        r.attribution(body.affiliateAttribution());
        return r.faults;
    }

    /** {@code sent}: the fields present in the body, null ones included. */
    public static List<Fault> update(UpdateBody body, Set<String> sent) {
        BodyRules r = new BodyRules();
        if (sent.contains("line_items") && body.lineItems() == null) {
            r.fault("$.line_items", "cannot be cleared; send the items to keep");
        }
        r.lineItems(body.lineItems(), true);
        r.buyer(body.buyer());
        r.fulfillmentDetails(body.fulfillmentDetails());
        List<SelectedFulfillmentOption> options = body.selectedFulfillmentOptions();
        for (int i = 0; options != null && i < options.size(); i++) {
            String path = "$.selected_fulfillment_options[" + i + "]";
            r.required(path + ".type", options.get(i).type(), 30);
            r.required(path + ".option_id", options.get(i).optionId(), 200);
        }
        r.discounts(body.discounts(), body.coupons());
        r.orderNotes(body.orderNotes());
        return r.faults;
    }

    public static List<Fault> complete(CompleteBody body) {
        BodyRules r = new BodyRules();
        r.paymentData(body.paymentData());
        r.orderNotes(body.orderNotes());
        r.buyer(body.buyer());
        r.authentication(body.authenticationResult());
        r.attribution(body.affiliateAttribution());
        List<MarketingConsent> consents = body.marketingConsents();
        if (consents != null) {
            r.most("$.marketing_consents", consents.size(), 20, "entries");
            for (int i = 0; i < consents.size(); i++) {
                r.required("$.marketing_consents[" + i + "].channel", consents.get(i).channel(), 50);
            }
        }
        return r.faults;
    }

    public static List<Fault> cancel(CancelBody body) {
        BodyRules r = new BodyRules();
        IntentTrace trace = body.intentTrace();
        if (trace != null) {
            r.required("$.intent_trace.reason_code", trace.reasonCode(), 100);
            r.optional("$.intent_trace.trace_summary", trace.traceSummary(), 500);
            r.flatMetadata("$.intent_trace.metadata", trace.metadata(), false);
        }
        return r.faults;
    }

    /** A cart needs at least one line item: its own code, {@code missing_line_items}. */
    public static List<Fault> cart(CartBody body) {
        BodyRules r = new BodyRules();
        if (body.lineItems() == null || body.lineItems().isEmpty()) {
            r.faults.add(new Fault("missing_line_items", "$.line_items", "At least one line item is required.", true));
        }
        r.lineItems(body.lineItems(), false);
        r.buyer(body.buyer());
        return r.faults;
    }

    /**
     * An email address, or a formatted phone number: only digits, {@code +}, spaces, dots, dashes and parentheses,
     * with a {@code +} or a separator, and 10–15 digits. Bare digit strings are ids, not phone numbers.
     */
    public static boolean looksPersonal(String value) {
        String v = value.trim();
        if (EMAIL.matcher(v).matches()) {
            return true;
        }
        long digits = v.chars().filter(Character::isDigit).count();
        boolean formatted = v.chars().anyMatch(c -> !Character.isDigit(c));
        return PHONE_LIKE.matcher(v).matches() && formatted && digits >= 10 && digits <= 15;
    }

    private void lineItems(List<Item> items, boolean nonEmpty) {
        if (items == null) {
            return;
        }
        if (items.isEmpty() && nonEmpty) {
            fault("$.line_items", "needs at least one item");
        }
        if (items.isEmpty() && !nonEmpty) {
            return;
        }
        most("$.line_items", items.size(), MAX_LINE_ITEMS, "items");
        for (int i = 0; i < items.size(); i++) {
            String path = "$.line_items[" + i + "]";
            identifier(path + ".id", items.get(i).id(), 200);
            BigDecimal quantity = items.get(i).quantity();
            if (quantity == null) {
                continue;
            }
            if (quantity.stripTrailingZeros().scale() > 0) {
                faults.add(Fault.wrongType(path + ".quantity", "an integer", true));
            } else if (quantity.compareTo(BigDecimal.ONE) < 0 || quantity.compareTo(BigDecimal.valueOf(MAX_QUANTITY)) > 0) {
                fault(path + ".quantity", "must be between 1 and " + MAX_QUANTITY);
            }
        }
    }

    /** A line's quantity as a count: absent means 1 (valid after {@link #lineItems}). */
    public static int quantity(Item item) {
        return item.quantity() == null ? 1 : item.quantity().intValueExact();
    }

    private void buyer(Buyer buyer) {
        if (buyer == null) {
            return;
        }
        if (required("$.buyer.email", buyer.email(), 320) && !EMAIL.matcher(buyer.email()).matches()) {
            fault("$.buyer.email", "is not an email address");
        }
        optional("$.buyer.account_type", buyer.accountType(), 20);
        optional("$.buyer.first_name", buyer.firstName(), 200);
        optional("$.buyer.last_name", buyer.lastName(), 200);
        optional("$.buyer.full_name", buyer.fullName(), 400);
        optional("$.buyer.phone_number", buyer.phoneNumber(), 40);
        optional("$.buyer.customer_id", buyer.customerId(), 200);
    }

    private void fulfillmentDetails(FulfillmentDetails details) {
        if (details == null) {
            return;
        }
        if (optional("$.fulfillment_details.email", details.email(), 320) && !EMAIL.matcher(details.email()).matches()) {
            fault("$.fulfillment_details.email", "is not an email address");
        }
        address("$.fulfillment_details.address", details.address());
        optional("$.fulfillment_details.name", details.name(), 256);
        optional("$.fulfillment_details.phone_number", details.phoneNumber(), 40);
    }

    private void address(String path, Address address) {
        if (address == null) {
            return;
        }
        if (required(path + ".country", address.country(), 2) && !COUNTRY.matcher(address.country()).matches()) {
            fault(path + ".country", "must be an ISO 3166-1 alpha-2 code");
        }
        required(path + ".name", address.name(), 256);
        required(path + ".line_one", address.lineOne(), 256);
        optional(path + ".line_two", address.lineTwo(), 256);
        required(path + ".city", address.city(), 128);
        required(path + ".state", address.state(), 128);
        required(path + ".postal_code", address.postalCode(), 20);
        optional(path + ".company", address.company(), 256);
    }

    private void discounts(Discounts discounts, List<String> coupons) {
        if (discounts != null) {
            strings("$.discounts.codes", discounts.codes(), 20, 100);
        }
        strings("$.coupons", coupons, 20, 100);
    }

    private void orderNotes(String notes) {
        optional("$.order_notes", notes, 5000);
    }

    private void paymentData(PaymentData data) {
        if (data == null) {
            return;
        }
        String path = "$.payment_data";
        if (data.purchaseOrderNumber() != null && data.handlerId() == null) {
            faults.add(new Fault("unsupported", path + ".purchase_order_number",
                    "Purchase-order payment is not accepted by this merchant.", true));
            return;
        }
        if (data.handlerId() == null) {
            faults.add(Fault.missing(path + ".handler_id", true));
        }
        identifier(path + ".handler_id", data.handlerId(), 200);
        if (data.instrument() == null) {
            faults.add(Fault.missing(path + ".instrument", true));
        } else {
            required(path + ".instrument.type", data.instrument().type(), 50);
            if (data.instrument().credential() != null) {
                required(path + ".instrument.credential.type", data.instrument().credential().type(), 50);
                identifier(path + ".instrument.credential.token", data.instrument().credential().token(), 500);
            }
        }
        address(path + ".billing_address", data.billingAddress());
    }

    private void authentication(AuthenticationResult result) {
        if (result == null) {
            return;
        }
        String path = "$.authentication_result";
        required(path + ".outcome", result.outcome(), 50);
        if (result.outcomeDetails() != null) {
            var details = result.outcomeDetails();
            optional(path + ".outcome_details.electronic_commerce_indicator", details.electronicCommerceIndicator(), 2);
            optional(path + ".outcome_details.three_ds_cryptogram", details.threeDsCryptogram(), 200);
            optional(path + ".outcome_details.transaction_id", details.transactionId(), 200);
            optional(path + ".outcome_details.version", details.version(), 20);
        }
    }

    /** Provider and a token or publisher id; identifiers that look like an email address or a phone number refused. */
    private void attribution(AffiliateAttribution a) {
        if (a == null) {
            return;
        }
        String path = "$.affiliate_attribution";
        required(path + ".provider", a.provider(), 256);
        optional(path + ".token", a.token(), 4096);
        if (a.token() == null && a.publisherId() == null) {
            faults.add(new Fault("invalid_type", path + ".publisher_id",
                    "'" + path + "' needs a token or a publisher_id.", true));
        }
        noPii(path + ".publisher_id", a.publisherId());
        noPii(path + ".campaign_id", a.campaignId());
        noPii(path + ".creative_id", a.creativeId());
        noPii(path + ".sub_id", a.subId());
        if (a.source() != null) {
            required(path + ".source.type", a.source().type(), 20);
            optional(path + ".source.url", a.source().url(), 2048);
        }
        optional(path + ".touchpoint", a.touchpoint(), 10);
        timestamp(path + ".issued_at", a.issuedAt());
        timestamp(path + ".expires_at", a.expiresAt());
        flatMetadata(path + ".metadata", a.metadata(), true);
    }

    private void noPii(String path, String value) {
        if (optional(path, value, 256) && looksPersonal(value)) {
            faults.add(new Fault("pii_not_allowed", path, "'" + path + "' must not carry personal data such as an "
                    + "email address or a phone number.", true));
        }
    }

    private void timestamp(String path, String value) {
        if (optional(path, value, 64)) {
            try {
                OffsetDateTime.parse(value);
            } catch (DateTimeParseException e) {
                faults.add(Fault.wrongType(path, "an RFC 3339 date-time", true));
            }
        }
    }

    /** At most 20 keys; string values of at most 500 characters (and, for attribution, no personal data). */
    private void flatMetadata(String path, ObjectNode metadata, boolean noPersonalData) {
        if (metadata == null) {
            return;
        }
        most(path, metadata.size(), 20, "keys");
        for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String at = path + "." + field.getKey();
            if (field.getValue().isTextual()) {
                String text = field.getValue().textValue();
                if (text.length() > 500) {
                    fault(at, "is longer than 500 characters");
                } else if (noPersonalData && looksPersonal(text)) {
                    faults.add(new Fault("pii_not_allowed", at, "Attribution metadata must not carry personal data.",
                            true));
                }
            }
        }
    }

    private void strings(String path, List<String> values, int maxItems, int maxLength) {
        if (values == null) {
            return;
        }
        most(path, values.size(), maxItems, "entries");
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null && values.get(i).length() > maxLength) {
                fault(path + "[" + i + "]", "is too long");
            }
        }
    }

    /** A required identifier: not empty, no whitespace at all (a token with a trailing line feed is another token). */
    private void identifier(String path, String value, int maxLength) {
        if (!required(path, value, maxLength)) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i)) || Character.isSpaceChar(value.charAt(i))) {
                fault(path, "must not contain whitespace");
                return;
            }
        }
    }

    /** A required text (its absence is the schema's to report): not blank, not too long; true when it is usable. */
    private boolean required(String path, String value, int maxLength) {
        if (value == null) {
            return false;
        }
        if (value.isBlank()) {
            fault(path, "must not be empty");
            return false;
        }
        return optional(path, value, maxLength);
    }

    /** An optional text: not too long; true when it is present and usable. */
    private boolean optional(String path, String value, int maxLength) {
        if (value == null) {
            return false;
        }
        if (value.length() > maxLength) {
            fault(path, "is longer than " + maxLength + " characters");
            return false;
        }
        return true;
    }

    private void most(String path, int size, int max, String what) {
        if (size > max) {
            fault(path, "has more than " + max + " " + what);
        }
    }

    private void fault(String path, String problem) {
        faults.add(Fault.invalid(path, problem, true));
    }
}
