package org.acpmerchant.checkout;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The ACP gateway: checkout sessions, their completion saga, and the agent-facing HTTP edge. */
@SpringBootApplication
@EnableScheduling
public class CheckoutApiApplication {

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(CheckoutApiApplication.class).properties("spring.config.name=checkout-api");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
