package org.acpmerchant.orders;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class OrderServiceApplication {

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(OrderServiceApplication.class).properties("spring.config.name=order-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
