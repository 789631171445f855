package org.acpmerchant.checkout.session.application;

import java.util.List;
import java.util.Optional;
import org.acpmerchant.events.quote.QuoteReply.QuoteMessage;

/**
 * ACP capability negotiation for interventions (digest §14): the session offers the intersection of what the agent
 * and the seller support; under {@code always} enforcement a required intervention the agent cannot perform makes the
 * session unpayable with {@code intervention_required}. The agent's claims never relax what payment itself enforces
 * (3DS stays decided by the card network).
 */
public record InterventionPolicy(List<String> sellerSupported, List<String> required, String enforcement) {

    public InterventionPolicy {
        sellerSupported = List.copyOf(sellerSupported);
        required = List.copyOf(required);
    }

    /** What both sides support, in the seller's order; unknown agent values are ignored. */
    public List<String> intersection(List<String> agentSupported) {
        return sellerSupported.stream().filter(agentSupported::contains).toList();
    }

    /** The error message for a session whose agent lacks a required intervention under {@code always}. */
    public Optional<QuoteMessage> violation(List<String> agentSupported) {
        if (!"always".equals(enforcement)) {
            return Optional.empty();
        }
        List<String> possible = intersection(agentSupported);
        List<String> missing = required.stream().filter(r -> !possible.contains(r)).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new QuoteMessage("error", "intervention_required", "$.capabilities.interventions",
                "This merchant requires " + String.join(", ", missing) + " for every purchase; the agent does not "
                        + "support it, so this session cannot be paid here."));
    }
}
