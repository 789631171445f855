package org.acpmerchant.payment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code acp.payment.stripe.*}. {@code apiVersion} empty = the version stripe-java 33.3.0 pins
 * ({@code Stripe.API_VERSION}); {@code tokenParameter} = where the SPT goes on a PaymentIntent create; {@code deadline}
 * bounds all retries of one step.
 */
@ConfigurationProperties("acp.payment.stripe")
public record StripeProperties(
        String apiBase,
        String apiKey,
        String apiVersion,
        TokenParameter tokenParameter,
        Duration connectTimeout,
        Duration readTimeout,
        Duration deadline,
        Duration initialBackoff,
        Duration maxBackoff,
        String webhookSecret,
        Duration webhookTolerance) {

    public StripeProperties {
        apiBase = apiBase == null || apiBase.isBlank() ? "https://api.stripe.com" : apiBase;
        tokenParameter = tokenParameter == null ? TokenParameter.TOP_LEVEL : tokenParameter;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(20) : readTimeout;
        deadline = deadline == null ? Duration.ofSeconds(45) : deadline;
        initialBackoff = initialBackoff == null ? Duration.ofMillis(200) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
        webhookTolerance = webhookTolerance == null ? Duration.ofMinutes(5) : webhookTolerance;
    }

    /** Where the shared payment granted token travels: it moved in Stripe API version 2026-04-22.preview. */
    public enum TokenParameter {
        /** {@code shared_payment_granted_token=spt_…} */
        TOP_LEVEL,
        /** {@code payment_method_data[shared_payment_granted_token]=spt_…} */
        PAYMENT_METHOD_DATA
    }

    @Override
    public String toString() {
        return "StripeProperties[apiBase=" + apiBase + ", apiVersion=" + apiVersion + ", tokenParameter="
                + tokenParameter + ", readTimeout=" + readTimeout + ", deadline=" + deadline + "]";
    }
}
