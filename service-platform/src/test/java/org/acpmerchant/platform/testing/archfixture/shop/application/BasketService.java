package org.acpmerchant.platform.testing.archfixture.shop.application;

import org.acpmerchant.platform.testing.archfixture.shop.web.BasketController;

/** Breaks the leaf rule on purpose (the application reaches into web), and with the controller makes a cycle. */
public class BasketService {

    public int count() {
        return new BasketController().pageSize(); // not a constant: javac would inline that
    }
}
