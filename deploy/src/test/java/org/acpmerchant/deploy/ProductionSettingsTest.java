package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.acpmerchant.platform.config.ProductionSettings;
import org.acpmerchant.platform.config.ProductionSettingsFailureAnalyzer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Each service's own configuration under the {@code prod} profile: started with none of the merchant's settings it
 * stops at once, naming every missing one in one line; started with all of them it starts, and the values it uses
 * are the merchant's, never a demo default (the run needs no database or broker: the check comes first).
 */
class ProductionSettingsTest {

    @Configuration(proxyBeanMethods = false)
    static class Nothing {}

    record Service(String configName, List<String> required, Map<String, String> mustBeTheMerchants) {}

    static List<Service> services() {
        return List.of(
                new Service("checkout-api", List.of("CHECKOUT_DB_URL", "CHECKOUT_DB_USER", "CHECKOUT_DB_PASSWORD",
                        "KAFKA_BOOTSTRAP_SERVERS", "ACP_AGENT_ID", "ACP_AGENT_TOKEN_SHA256", "ACP_PUBLIC_BASE_URL",
                        "STRIPE_ACCOUNT_ID", "ACP_TERMS_URL", "ACP_PRIVACY_URL", "OPS_TOKEN_SHA256"),
                        Map.of("acp.checkout.payment-handler.merchant-id", "STRIPE_ACCOUNT_ID",
                                "acp.checkout.links.terms_of_use", "ACP_TERMS_URL",
                                "spring.kafka.bootstrap-servers", "KAFKA_BOOTSTRAP_SERVERS")),
                new Service("order-service", List.of("ORDER_DB_URL", "ORDER_DB_USER", "ORDER_DB_PASSWORD",
                        "KAFKA_BOOTSTRAP_SERVERS", "ORDER_PERMALINK_BASE_URL", "AGENT_WEBHOOK_URL",
                        "AGENT_WEBHOOK_SECRET", "ORDER_MERCHANT_API_TOKENS", "OPS_TOKEN_SHA256"),
                        Map.of("acp.orders.permalink-base-url", "ORDER_PERMALINK_BASE_URL",
                                "spring.datasource.url", "ORDER_DB_URL")),
                new Service("payment-service", List.of("PAYMENT_DB_URL", "PAYMENT_DB_USER", "PAYMENT_DB_PASSWORD",
                        "KAFKA_BOOTSTRAP_SERVERS", "STRIPE_API_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_VERSION",
                        "OPS_TOKEN_SHA256"),
                        Map.of("acp.payment.stripe.api-key", "STRIPE_API_KEY")),
                new Service("pricing-service", List.of("PRICING_DB_URL", "PRICING_DB_USER", "PRICING_DB_PASSWORD",
                        "KAFKA_BOOTSTRAP_SERVERS", "PRICING_CATALOG_FEED_DIR", "PRICING_MERCHANT_API_TOKENS",
                        "OPS_TOKEN_SHA256"),
                        Map.of("acp.pricing.catalog.feed-dir", "PRICING_CATALOG_FEED_DIR")));
    }

    @ParameterizedTest
    @MethodSource("services")
    void withoutTheMerchantsSettings_theServiceStopsAtOnce_namingEveryMissingOne(Service service) {
        var failure = catchThrowableOfType(ProductionSettings.MissingSettingsException.class,
                () -> start(service, List.of()).close());
        assertThat(failure).as(service.configName()).isNotNull();
        assertThat(failure.names()).containsExactlyInAnyOrderElementsOf(service.required());
        var analysis = new ProductionSettingsFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription()).contains(service.configName()).contains(String.join(", ",
                failure.names()));
        assertThat(analysis.getAction()).contains("Set ").contains(service.required().get(0));
    }

    @ParameterizedTest
    @MethodSource("services")
    void withOneMissing_itIsNamedAlone(Service service) {
        List<String> args = new ArrayList<>();
        service.required().stream().skip(1).forEach(name -> args.add("--" + name + "=merchant-value-of-" + name));
        var failure = catchThrowableOfType(ProductionSettings.MissingSettingsException.class,
                () -> start(service, args).close());
        assertThat(failure.names()).containsExactly(service.required().get(0));
    }

    @ParameterizedTest
    @MethodSource("services")
    void withAllOfThem_itStarts_usingTheMerchantsValues(Service service) {
        List<String> args = new ArrayList<>();
        service.required().forEach(name -> args.add("--" + name + "=merchant-value-of-" + name));
        try (ConfigurableApplicationContext context = start(service, args)) {
            service.mustBeTheMerchants().forEach((property, variable) -> assertThat(
                    context.getEnvironment().getProperty(property)).as(property).isEqualTo("merchant-value-of-" + variable));
            assertThat(context.getEnvironment().getProperty("management.server.port"))
                    .as("the actuator on a port of its own").isEqualTo("9090");
            assertThat(context.getEnvironment().getProperty("logging.structured.format.console"))
                    .as("JSON logs").isEqualTo("ecs");
        }
    }

    private static ConfigurableApplicationContext start(Service service, List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.add("--spring.config.name=" + service.configName());
        all.add("--spring.main.banner-mode=off");
        return new SpringApplicationBuilder(Nothing.class).web(WebApplicationType.NONE).profiles("prod")
                .logStartupInfo(false).registerShutdownHook(false).run(all.toArray(String[]::new));
    }
}
