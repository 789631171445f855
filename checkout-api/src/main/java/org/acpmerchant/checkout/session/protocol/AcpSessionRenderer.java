package org.acpmerchant.checkout.session.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.acpmerchant.checkout.CheckoutProperties;
import org.acpmerchant.checkout.edge.versions.ApiVersions;
import org.acpmerchant.checkout.session.api.SessionModel;
import org.acpmerchant.checkout.session.api.SessionModel.Address;
import org.acpmerchant.checkout.session.api.SessionModel.Buyer;
import org.acpmerchant.checkout.session.api.SessionModel.FulfillmentDetails;
import org.acpmerchant.checkout.session.api.SessionStatus;
import org.acpmerchant.checkout.session.domain.SessionState;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteReply.FulfillmentOptionQuote;
import org.acpmerchant.events.quote.QuoteReply.PricedLine;
import org.acpmerchant.events.quote.QuoteReply.QuoteMessage;
import org.acpmerchant.platform.axon.AxonJson;

/**
 * Renders the authoritative session as ACP 2026-04-17 JSON (valid against {@code $defs/CheckoutSession}, or
 * {@code CheckoutSessionWithOrder} once completed). Write-only inputs (agent capabilities, attribution, intent
 * traces, the payment credential) never appear.
 */
public class AcpSessionRenderer {

    private static final Map<String, String> TOTAL_LABELS = Map.of(
            "items_base_amount", "Item(s) total", "subtotal", "Subtotal", "fulfillment", "Shipping", "tax", "Tax",
            "total", "Total", "discount", "Discount", "items_discount", "Item discounts");

    /** Whether a contact is subscribed on a channel, as far as this session may be told (see WriteOnlyRecords). */
    @FunctionalInterface
    public interface ConsentLookup {
        boolean isSubscribed(String channel, String contact, String customerId, String sessionId);
    }

    private final ObjectMapper json = AxonJson.newObjectMapper();
    private final CheckoutProperties props;
    private final ConsentLookup consents;

    public AcpSessionRenderer(CheckoutProperties props) {
        this(props, (channel, contact, customerId, sessionId) -> false);
    }

    public AcpSessionRenderer(CheckoutProperties props, ConsentLookup consents) {
        this.props = props;
        this.consents = consents;
    }

    public ObjectNode render(SessionState s, Instant now) {
        ObjectNode root = json.createObjectNode();
        root.put("id", s.id());
        root.putObject("protocol").put("version", ApiVersions.CANONICAL);
        root.set("capabilities", capabilities(s));
        if (s.inputs().buyer() != null) {
            root.set("buyer", buyer(s.inputs().buyer()));
        }
        root.put("status", effectiveStatus(s, now).wire());
        root.put("currency", s.inputs().currency());
        QuoteReply q = s.quote();
        ArrayNode lines = root.putArray("line_items");
        for (PricedLine line : q.lines()) {
            lines.add(lineItem(line));
        }
        if (s.inputs().fulfillment() != null) {
            root.set("fulfillment_details", fulfillment(s.inputs().fulfillment()));
        }
        ArrayNode options = root.putArray("fulfillment_options");
        q.fulfillmentOptions().forEach(o -> options.add(option(o)));
        if (q.selectedFulfillmentOptionId() != null) {
            q.fulfillmentOptions().stream()
                    .filter(o -> o.id().equals(q.selectedFulfillmentOptionId()))
                    .findFirst()
                    .ifPresent(o -> {
                        ObjectNode selected = root.putArray("selected_fulfillment_options").addObject();
                        selected.put("type", o.type());
                        selected.put("option_id", o.id());
                        ArrayNode ids = selected.putArray("item_ids");
                        Set<String> itemIds = new LinkedHashSet<>();
                        q.lines().stream()
                                .filter(l -> "digital".equals(o.type()) || l.requiresShipping())
                                .forEach(l -> itemIds.add(l.itemId()));
                        itemIds.forEach(ids::add);
                    });
        }
        ArrayNode totals = root.putArray("totals");
        q.totals().forEach(t -> totals.add(total(t)));
        ArrayNode messages = root.putArray("messages");
        q.messages().forEach(m -> messages.add(message(m)));
        s.completionMessages().forEach(m -> messages.add(message(m)));
        if (!s.inputs().discountCodes().isEmpty() || !q.discounts().isEmpty() || !q.rejectedDiscounts().isEmpty()) {
            root.set("discounts", discounts(s, q));
        }
        ArrayNode links = root.putArray("links");
        props.links().forEach((type, url) -> links.addObject().put("type", type).put("url", url));
        if (!props.marketingConsentOptions().isEmpty()) {
            root.set("marketing_consent_options", consentOptions(s));
        }
        if (effectiveStatus(s, now) == SessionStatus.AUTHENTICATION_REQUIRED) {
            root.set("authentication_metadata", authenticationMetadata());
        }
        root.put("created_at", s.createdAt().toString());
        root.put("updated_at", s.updatedAt().toString());
        root.put("expires_at", s.expiresAt().toString());
        if (s.order() != null) {
            ObjectNode order = root.putObject("order");
            order.put("type", "order");
            order.put("id", s.order().orderId());
            order.put("checkout_session_id", s.id());
            order.put("permalink_url", s.order().permalinkUrl());
            order.put("status", "created");
        }
        return root;
    }

    /** The offered marketing channels, each with whether this buyer is subscribed (digest §19). */
    private ArrayNode consentOptions(SessionState s) {
        ArrayNode options = json.createArrayNode();
        Buyer buyer = s.inputs().buyer();
        FulfillmentDetails details = s.inputs().fulfillment();
        for (var option : props.marketingConsentOptions()) {
            String contact = SessionModel.marketingContact(option.channel(), buyer, details);
            ObjectNode node = options.addObject();
            node.put("channel", option.channel());
            node.put("display_text", option.displayText());
            node.put("privacy_policy_url", option.privacyPolicyUrl());
            node.put("is_subscribed", contact != null && consents.isSubscribed(option.channel(), contact,
                    buyer == null ? null : buyer.customerId(), s.id()));
        }
        return options;
    }

    /** Sessions past {@code expires_at} read as expired even before the sweeper recorded it (the domain's rule). */
    public static SessionStatus effectiveStatus(SessionState s, Instant now) {
        return s.statusAt(now);
    }

    /** The discount extension's response: the codes as sent, what applied (with allocations), what was rejected. */
    private ObjectNode discounts(SessionState s, QuoteReply q) {
        ObjectNode node = json.createObjectNode();
        ArrayNode codes = node.putArray("codes");
        s.inputs().discountCodes().forEach(codes::add);
        ArrayNode applied = node.putArray("applied");
        for (QuoteReply.AppliedDiscount d : q.discounts()) {
            ObjectNode a = applied.addObject();
            a.put("id", d.id());
            if (d.code() != null) {
                a.put("code", d.code());
            }
            ObjectNode coupon = a.putObject("coupon");
            coupon.put("id", d.id());
            coupon.put("name", d.name() != null ? d.name() : d.id());
            if (d.percentOff() != null) {
                coupon.put("percent_off", d.percentOff());
            }
            if (d.amountOff() != null) {
                coupon.put("amount_off", d.amountOff());
                coupon.put("currency", s.inputs().currency());
            }
            a.put("amount", d.amount());
            a.put("automatic", d.automatic());
            if (d.method() != null) {
                a.put("method", d.method());
            }
            if (d.priority() > 0) {
                a.put("priority", d.priority());
            }
            ArrayNode allocations = a.putArray("allocations");
            d.allocations().forEach(al -> allocations.addObject()
                    .put("path", "$.line_items[" + al.lineIndex() + "]").put("amount", al.amount()));
        }
        ArrayNode rejected = node.putArray("rejected");
        for (QuoteReply.RejectedDiscount r : q.rejectedDiscounts()) {
            ObjectNode entry = rejected.addObject().put("code", r.code()).put("reason", r.reason());
            if (r.message() != null) {
                entry.put("message", r.message());
            }
        }
        return node;
    }

    private ObjectNode capabilities(SessionState s) {
        ObjectNode caps = json.createObjectNode();
        var h = props.paymentHandler();
        ObjectNode handler = caps.putObject("payment").putArray("handlers").addObject();
        handler.put("id", h.id());
        handler.put("name", CheckoutProperties.PaymentHandler.NAME);
        handler.put("display_name", h.displayName());
        handler.put("version", CheckoutProperties.PaymentHandler.VERSION);
        handler.put("spec", CheckoutProperties.PaymentHandler.SPEC);
        handler.put("requires_delegate_payment", true);
        handler.put("requires_pci_compliance", false);
        handler.put("psp", CheckoutProperties.PaymentHandler.PSP);
        handler.put("config_schema", CheckoutProperties.PaymentHandler.CONFIG_SCHEMA);
        handler.putArray("instrument_schemas").add(CheckoutProperties.PaymentHandler.INSTRUMENT_SCHEMA);
        ObjectNode config = handler.putObject("config");
        config.put("merchant_id", h.merchantId());
        config.put("psp", CheckoutProperties.PaymentHandler.PSP);
        ArrayNode brands = config.putArray("accepted_brands");
        h.acceptedBrands().forEach(brands::add);
        config.put("supports_3ds", h.supports3ds());
        handler.put("display_order", 1);
        ObjectNode interventions = caps.putObject("interventions");
        ArrayNode supported = interventions.putArray("supported");
        List<String> agent = s.inputs().agentInterventions();
        props.sellerInterventions().stream().filter(agent::contains).forEach(supported::add);
        ArrayNode required = interventions.putArray("required");
        props.requiredInterventions().forEach(required::add);
        interventions.put("enforcement", props.interventionEnforcement());
        return caps;
    }

    public ObjectNode lineItem(PricedLine l) {
        ObjectNode node = json.createObjectNode();
        node.put("id", l.lineId());
        node.putObject("item").put("id", l.itemId());
        node.put("quantity", l.quantity());
        if (l.name() != null) {
            node.put("name", l.name());
        }
        if (l.description() != null) {
            node.put("description", l.description());
        }
        if (l.imageUrl() != null) {
            node.putArray("images").add(l.imageUrl());
        }
        node.put("unit_amount", l.unitAmount());
        node.put("availability_status", l.availability());
        node.put("available_quantity", l.availableQuantity());
        ArrayNode totals = node.putArray("totals");
        totals.add(total("items_base_amount", "Base Amount", l.baseAmount()));
        totals.add(total("discount", "Discount", l.discount()));
        totals.add(total("subtotal", "Subtotal", l.subtotal()));
        totals.add(total("tax", "Tax", l.tax()));
        totals.add(total("total", "Total", l.total()));
        return node;
    }

    private ObjectNode option(FulfillmentOptionQuote o) {
        ObjectNode node = json.createObjectNode();
        node.put("type", o.type());
        node.put("id", o.id());
        node.put("title", o.title());
        if (o.description() != null) {
            node.put("description", o.description());
        }
        if ("shipping".equals(o.type())) {
            if (o.carrier() != null) {
                node.put("carrier", o.carrier());
            }
            if (o.earliestDelivery() != null) {
                node.put("earliest_delivery_time", o.earliestDelivery().toString());
            }
            if (o.latestDelivery() != null) {
                node.put("latest_delivery_time", o.latestDelivery().toString());
            }
        }
        if ("pickup".equals(o.type()) && o.pickup() != null) {
            var p = o.pickup();
            ObjectNode location = node.putObject("location");
            location.put("name", p.name());
            var a = p.address();
            location.set("address", address(new Address(a.name() != null ? a.name() : p.name(), a.lineOne(),
                    a.lineTwo(), a.city(), a.state(), a.country(), a.postalCode(), null)));
            putIfPresent(location, "phone", p.phone());
            putIfPresent(location, "instructions", p.instructions());
            putIfPresent(node, "pickup_type", p.pickupType());
            if (p.readyBy() != null) {
                node.put("ready_by", p.readyBy().toString());
            }
            if (p.pickupBy() != null) {
                node.put("pickup_by", p.pickupBy().toString());
            }
        }
        if ("local_delivery".equals(o.type())) {
            if (o.earliestDelivery() != null && o.latestDelivery() != null) {
                node.putObject("delivery_window").put("start", o.earliestDelivery().toString())
                        .put("end", o.latestDelivery().toString());
            }
            if (o.serviceArea() != null) {
                ObjectNode area = node.putObject("service_area");
                if (o.serviceArea().radiusMiles() != null) {
                    area.put("radius_miles", o.serviceArea().radiusMiles());
                }
                putIfPresent(area, "center_postal_code", o.serviceArea().centerPostalCode());
            }
        }
        ArrayNode totals = node.putArray("totals");
        totals.add(total("subtotal", "Subtotal", o.subtotal()));
        totals.add(total("tax", "Tax", o.tax()));
        totals.add(total("total", o.title(), o.total()));
        return node;
    }

    /** A cart-level total, with its per-jurisdiction breakdown when it has one. */
    public ObjectNode total(QuoteReply.QuoteTotal t) {
        ObjectNode node = total(t.type(), t.displayText(), t.amount());
        if (!t.breakdown().isEmpty()) {
            ArrayNode breakdown = node.putArray("breakdown");
            t.breakdown().forEach(b -> breakdown.addObject().put("jurisdiction", b.jurisdiction())
                    .put("rate", b.rate()).put("amount", b.amount()));
        }
        return node;
    }

    public ObjectNode total(String type, String displayText, long amount) {
        ObjectNode node = json.createObjectNode();
        node.put("type", type);
        node.put("display_text", displayText != null ? displayText : TOTAL_LABELS.getOrDefault(type, type));
        node.put("amount", amount);
        return node;
    }

    public ObjectNode message(QuoteMessage m) {
        ObjectNode node = json.createObjectNode();
        node.put("type", m.type());
        if (!"info".equals(m.type())) {
            node.put("code", m.code());
        }
        if (m.param() != null) {
            node.put("param", m.param());
        }
        node.put("content_type", "plain");
        node.put("content", m.content());
        return node;
    }

    public ObjectNode buyer(Buyer b) {
        ObjectNode node = json.createObjectNode();
        putIfPresent(node, "first_name", b.firstName());
        putIfPresent(node, "last_name", b.lastName());
        putIfPresent(node, "full_name", b.fullName());
        node.put("email", b.email());
        putIfPresent(node, "phone_number", b.phoneNumber());
        putIfPresent(node, "customer_id", b.customerId());
        putIfPresent(node, "account_type", b.accountType());
        return node;
    }

    private ObjectNode fulfillment(FulfillmentDetails f) {
        ObjectNode node = json.createObjectNode();
        putIfPresent(node, "name", f.name());
        putIfPresent(node, "phone_number", f.phoneNumber());
        putIfPresent(node, "email", f.email());
        if (f.address() != null) {
            node.set("address", address(f.address()));
        }
        return node;
    }

    private ObjectNode address(Address a) {
        ObjectNode node = json.createObjectNode();
        node.put("name", a.name());
        node.put("line_one", a.lineOne());
        putIfPresent(node, "line_two", a.lineTwo());
        node.put("city", a.city());
        node.put("state", a.state());
        node.put("country", a.country());
        node.put("postal_code", a.postalCode());
        putIfPresent(node, "company", a.company());
        return node;
    }

    private ObjectNode authenticationMetadata() {
        var t = props.threeDs();
        ObjectNode node = json.createObjectNode();
        ObjectNode acquirer = node.putObject("acquirer_details");
        acquirer.put("acquirer_bin", t.acquirerBin());
        acquirer.put("acquirer_country", t.acquirerCountry());
        acquirer.put("acquirer_merchant_id", t.acquirerMerchantId());
        acquirer.put("merchant_name", t.merchantName());
        node.put("directory_server", t.directoryServer());
        return node;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
