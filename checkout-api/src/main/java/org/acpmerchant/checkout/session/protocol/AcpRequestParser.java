package org.acpmerchant.checkout.session.protocol;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.acpmerchant.checkout.session.api.SessionModel.Address;
import org.acpmerchant.checkout.session.api.SessionModel.Attribution;
import org.acpmerchant.checkout.session.api.SessionModel.Buyer;
import org.acpmerchant.checkout.session.api.SessionModel.FulfillmentDetails;
import org.acpmerchant.checkout.session.api.SessionModel.IntentTrace;
import org.acpmerchant.checkout.session.api.SessionModel.LineRequest;
import org.acpmerchant.checkout.session.api.SessionModel.PaymentCredential;
import org.acpmerchant.checkout.session.api.SessionModel.SessionInputs;
import org.acpmerchant.checkout.session.application.AcpRequests.CancelRequest;
import org.acpmerchant.checkout.session.application.AcpRequests.CompleteRequest;
import org.acpmerchant.checkout.session.application.AcpRequests.ConsentDecision;
import org.acpmerchant.checkout.session.application.AcpRequests.CreateRequest;
import org.acpmerchant.checkout.session.application.AcpRequests.Patch;
import org.acpmerchant.checkout.session.application.AcpRequests.UpdateRequest;
import org.acpmerchant.checkout.session.protocol.RequestSchema.Definition;
import org.acpmerchant.checkout.session.protocol.body.BodyRules;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.CancelBody;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.CartBody;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.CompleteBody;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.CreateBody;
import org.acpmerchant.checkout.session.protocol.body.CheckoutBodies.UpdateBody;
import org.acpmerchant.events.checkout.AuthenticationOutcome;

/**
 * Reads ACP 2026-04-17 request bodies into the canonical model: {@link JsonReader} validates and binds them
 * ({@link RequestSchema}, {@link CheckoutBodies}, {@link BodyRules}); this class only maps what was accepted. Every
 * refusal is a 400 in ACP's flat error shape whose {@code param} points at the offending value.
 */
public class AcpRequestParser {

    private static final Set<String> KNOWN_REASONS = Set.of("price_sensitivity", "shipping_cost", "shipping_speed",
            "product_fit", "trust_security", "returns_policy", "payment_options", "comparison", "timing_deferred", "other");

    public AcpRequestParser() {
        RequestSchema.canonical(); // loads the bundled schemas now rather than on the first request
    }

    public CreateRequest parseCreate(byte[] body) {
        CreateBody create = JsonReader.read(body, false, Definition.CREATE, CreateBody.class,
                (b, sent) -> BodyRules.create(b)).body();
        var interventions = create.capabilities().interventions();
        return new CreateRequest(new SessionInputs(create.currency().toLowerCase(Locale.ROOT), lines(create.lineItems()),
                buyer(create.buyer()), fulfillment(create.fulfillmentDetails()), null,
                discountCodes(create.discounts(), create.coupons()),
                interventions == null || interventions.supported() == null ? List.of() : interventions.supported(),
                create.orderNotes(), create.locale(), create.metadata() == null ? null : create.metadata().toString()),
                attribution(create.affiliateAttribution()));
    }

    /** A cart create or full replace ({@code schema.cart.json}): line items (≥ 1) and an optional buyer. */
    public CartRequest parseCart(byte[] body) {
        CartBody cart = JsonReader.read(body, false, Definition.CART, CartBody.class, (b, sent) -> BodyRules.cart(b))
                .body();
        return new CartRequest(lines(cart.lineItems()), buyer(cart.buyer()));
    }

    /** A parsed cart request. */
    public record CartRequest(List<LineRequest> lines, Buyer buyer) {}

    /** Absent leaves a field alone, null clears it: which fields were sent comes from the parsed body. */
    public UpdateRequest parseUpdate(byte[] body) {
        JsonReader.Read<UpdateBody> read = JsonReader.read(body, false, Definition.UPDATE, UpdateBody.class,
                BodyRules::update);
        UpdateBody update = read.body();
        Set<String> sent = read.sent();
        var options = update.selectedFulfillmentOptions();
        return new UpdateRequest(
                sent.contains("line_items") ? new Patch<>(true, lines(update.lineItems())) : Patch.absent(),
                sent.contains("buyer") ? new Patch<>(true, buyer(update.buyer())) : Patch.absent(),
                sent.contains("fulfillment_details") ? new Patch<>(true, fulfillment(update.fulfillmentDetails()))
                        : Patch.absent(),
                sent.contains("selected_fulfillment_options")
                        ? new Patch<>(true, options == null || options.isEmpty() ? null : options.get(0).optionId())
                        : Patch.absent(),
                sent.contains("discounts") || sent.contains("coupons")
                        ? new Patch<>(true, discountCodes(update.discounts(), update.coupons()))
                        : Patch.absent(),
                sent.contains("order_notes") ? new Patch<>(true, update.orderNotes()) : Patch.absent());
    }

    public CompleteRequest parseComplete(byte[] body) {
        CompleteBody complete = JsonReader.read(body, false, Definition.COMPLETE, CompleteBody.class,
                (b, sent) -> BodyRules.complete(b)).body();
        var payment = complete.paymentData();
        var credential = payment.instrument().credential();
        var consents = complete.marketingConsents() == null ? List.<ConsentDecision>of()
                : complete.marketingConsents().stream().map(c -> new ConsentDecision(c.channel(), c.optedIn())).toList();
        return new CompleteRequest(new PaymentCredential(payment.handlerId(), payment.instrument().type(),
                credential.type(), credential.token()), buyer(complete.buyer()),
                authentication(complete.authenticationResult()), attribution(complete.affiliateAttribution()), consents);
    }

    public CancelRequest parseCancel(byte[] body) {
        CancelBody cancel = JsonReader.read(body, true, Definition.CANCEL, CancelBody.class,
                (b, sent) -> BodyRules.cancel(b)).body();
        CheckoutBodies.IntentTrace trace = cancel.intentTrace();
        if (trace == null) {
            return new CancelRequest(null);
        }
        String code = KNOWN_REASONS.contains(trace.reasonCode()) ? trace.reasonCode() : "other";
        return new CancelRequest(code, new IntentTrace(code, trace.traceSummary(),
                trace.metadata() == null ? null : trace.metadata().toString()));
    }

    private static List<LineRequest> lines(List<CheckoutBodies.Item> items) {
        return items.stream().map(i -> new LineRequest(i.id(), BodyRules.quantity(i))).toList();
    }

    private static Buyer buyer(CheckoutBodies.Buyer b) {
        return b == null ? null : new Buyer(b.firstName(), b.lastName(), b.fullName(), b.email(), b.phoneNumber(),
                b.customerId(), b.accountType());
    }

    private static FulfillmentDetails fulfillment(CheckoutBodies.FulfillmentDetails d) {
        return d == null ? null : new FulfillmentDetails(d.name(), d.phoneNumber(), d.email(), address(d.address()));
    }

    private static Address address(CheckoutBodies.Address a) {
        return a == null ? null : new Address(a.name(), a.lineOne(), a.lineTwo(), a.city(), a.state(),
                a.country().toUpperCase(Locale.ROOT), a.postalCode(), a.company());
    }

    /** {@code discounts.codes} when sent, else the deprecated {@code coupons}; none is an empty list. */
    private static List<String> discountCodes(CheckoutBodies.Discounts discounts, List<String> coupons) {
        if (discounts != null && discounts.codes() != null) {
            return discounts.codes();
        }
        return coupons == null ? List.of() : coupons;
    }

    private static AuthenticationOutcome authentication(CheckoutBodies.AuthenticationResult r) {
        if (r == null) {
            return null;
        }
        var d = r.outcomeDetails();
        return d == null ? new AuthenticationOutcome(r.outcome(), null, null, null, null)
                : new AuthenticationOutcome(r.outcome(), d.electronicCommerceIndicator(), d.threeDsCryptogram(),
                        d.transactionId(), d.version());
    }

    private static Attribution attribution(CheckoutBodies.AffiliateAttribution a) {
        return a == null ? null : new Attribution(a.provider(), a.token(), a.publisherId(), a.campaignId(),
                a.creativeId(), a.subId(), a.source() == null ? null : a.source().type(),
                a.source() == null ? null : a.source().url(), a.issuedAt(), a.expiresAt(),
                a.metadata() == null ? null : a.metadata().toString());
    }
}
