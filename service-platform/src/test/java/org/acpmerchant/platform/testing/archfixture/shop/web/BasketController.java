package org.acpmerchant.platform.testing.archfixture.shop.web;

import org.acpmerchant.platform.testing.archfixture.shop.application.BasketService;

/** A controller calling the application, as it should. */
public class BasketController {

    public int pageSize() {
        return 20;
    }

    public int count(BasketService service) {
        return service.count();
    }
}
