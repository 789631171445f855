package org.acpmerchant.payment.payment.infrastructure;

import org.acpmerchant.payment.StripeProperties;
import com.stripe.StripeClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Stripe client and the {@code PaymentGateway} adapter. */
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
}
