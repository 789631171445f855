package org.acpmerchant.platform.testing.archfixture.shop.infrastructure;

import org.acpmerchant.platform.testing.archfixture.shop.web.BasketController;

/** The composition root may refer to web: no violation. */
@org.springframework.context.annotation.Configuration
public class ShopConfiguration {

    BasketController basketController() {
        return new BasketController();
    }
}
