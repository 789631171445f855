package org.acpmerchant.checkout.session.application;

import java.util.List;
import org.acpmerchant.checkout.session.api.SessionModel.Attribution;
import org.acpmerchant.checkout.session.api.SessionModel.Buyer;
import org.acpmerchant.checkout.session.api.SessionModel.IntentTrace;
import org.acpmerchant.checkout.session.api.SessionModel.FulfillmentDetails;
import org.acpmerchant.checkout.session.api.SessionModel.LineRequest;
import org.acpmerchant.checkout.session.api.SessionModel.PaymentCredential;
import org.acpmerchant.checkout.session.api.SessionModel.SessionInputs;
import org.acpmerchant.events.checkout.AuthenticationOutcome;

/** Parsed, validated ACP requests in the canonical model. */
public final class AcpRequests {

    private AcpRequests() {}

    /** A field of an update: absent leaves the session unchanged; present with null clears it. */
    public record Patch<T>(boolean present, T value) {
        public static <T> Patch<T> absent() {
            return new Patch<>(false, null);
        }

        T applyTo(T current) {
            return present ? value : current;
        }
    }

    public record CreateRequest(SessionInputs inputs, Attribution attribution) {
        public CreateRequest(SessionInputs inputs) {
            this(inputs, null);
        }
    }

    public record UpdateRequest(
            Patch<List<LineRequest>> lines,
            Patch<Buyer> buyer,
            Patch<FulfillmentDetails> fulfillment,
            Patch<String> selectedFulfillmentOptionId,
            Patch<List<String>> discountCodes,
            Patch<String> orderNotes) {

        public SessionInputs applyTo(SessionInputs in) {
            return new SessionInputs(in.currency(), lines.applyTo(in.lines()), buyer.applyTo(in.buyer()),
                    fulfillment.applyTo(in.fulfillment()),
                    selectedFulfillmentOptionId.applyTo(in.selectedFulfillmentOptionId()),
                    discountCodes.applyTo(in.discountCodes()), in.agentInterventions(), orderNotes.applyTo(in.orderNotes()),
                    in.locale(), in.metadataJson());
        }
    }

    /** {@code consents}: the buyer's marketing decisions as sent (channel → opted in), not yet resolved. */
    public record CompleteRequest(
            PaymentCredential credential,
            Buyer buyer,
            AuthenticationOutcome authentication,
            Attribution attribution,
            List<ConsentDecision> consents) {
        public CompleteRequest {
            consents = consents == null ? List.of() : List.copyOf(consents);
        }

        public CompleteRequest(PaymentCredential credential, Buyer buyer, AuthenticationOutcome authentication) {
            this(credential, buyer, authentication, null, List.of());
        }
    }

    /** One entry of {@code marketing_consents}. */
    public record ConsentDecision(String channel, boolean optedIn) {}

    public record CancelRequest(String reasonCode, IntentTrace trace) {
        public CancelRequest(String reasonCode) {
            this(reasonCode, null);
        }
    }
}
