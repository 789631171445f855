package org.acpmerchant.platform.testing;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Points one service at a fresh database (its own schema) and at the shared in-process Kafka broker. */
public final class ServiceTestProperties {

    private ServiceTestProperties() {}

    public static void register(DynamicPropertyRegistry registry, String schema) {
        String url = LocalInfrastructure.newDatabase("acp_it") + "?currentSchema=" + schema;
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.kafka.bootstrap-servers", LocalInfrastructure::kafkaBootstrapServers);
    }
}
