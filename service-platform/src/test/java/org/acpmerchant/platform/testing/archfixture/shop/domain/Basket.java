package org.acpmerchant.platform.testing.archfixture.shop.domain;

import org.acpmerchant.platform.testing.archfixture.shop.application.BasketService;

/** Breaks the domain rule on purpose: a domain class calling the application. */
public class Basket {

    public int size(BasketService service) {
        return service.count();
    }
}
