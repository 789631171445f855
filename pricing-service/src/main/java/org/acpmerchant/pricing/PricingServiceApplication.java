package org.acpmerchant.pricing;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(PricingProperties.class)
public class PricingServiceApplication {

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(PricingServiceApplication.class)
                .properties("spring.config.name=pricing-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
