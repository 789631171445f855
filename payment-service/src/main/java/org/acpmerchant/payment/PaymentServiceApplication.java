package org.acpmerchant.payment;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class PaymentServiceApplication {

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(PaymentServiceApplication.class).properties("spring.config.name=payment-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
