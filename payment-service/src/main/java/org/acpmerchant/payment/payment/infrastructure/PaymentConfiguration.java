package org.acpmerchant.payment.payment.infrastructure;

import com.stripe.StripeClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import org.acpmerchant.payment.StripeProperties;
import org.acpmerchant.platform.messaging.KeyOrderedBatch;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Stripe client, the {@code PaymentGateway} adapter and the workers that run payment steps side by side. */
@Configuration
@EnableConfigurationProperties({StripeProperties.class, ThreeDsProperties.class})
public class PaymentConfiguration {

    @Bean
    public StripeClient stripeClient(StripeProperties props) {
        if (props.apiKey() == null || props.apiKey().isBlank()) {
            throw new IllegalStateException("acp.payment.stripe.api-key (STRIPE_API_KEY) is not set");
        }
        return StripeClient.builder()
                .setApiKey(props.apiKey())
                .setApiBase(props.apiBase())
                .setConnectTimeout((int) props.connectTimeout().toMillis())
                .setReadTimeout((int) props.readTimeout().toMillis())
                .setMaxNetworkRetries(0)
                .build();
    }

    @Bean
    public StripePaymentGateway stripePaymentGateway(
            StripeClient stripeClient, StripeProperties props, MeterRegistry meters, Clock clock,
            ObjectProvider<Tracer> tracer) {
        return new StripePaymentGateway(stripeClient, props, meters, clock, tracer.getIfAvailable(() -> Tracer.NOOP));
    }

    /**
     * Each payment step calls Stripe (a few hundred ms) inside its command: the listeners run a poll's steps on these
     * workers, one session's steps in order, up to {@code acp.payment.parallel-steps} at once per replica (ADR 0058).
     * Each step holds a database connection while Stripe answers, so the pool is sized above this.
     */
    @Bean(destroyMethod = "close")
    public KeyOrderedBatch paymentSteps(@Value("${acp.payment.parallel-steps:16}") int parallelSteps,
            ObjectProvider<ObservationRegistry> observations) {
        return new KeyOrderedBatch("payment-step", parallelSteps,
                observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }
}
