package org.acpmerchant.events.checkout;

/** A postal address as ACP defines it (country ISO 3166-1 alpha-2). */
public record OrderAddress(
        String name, String lineOne, String lineTwo, String city, String state, String country, String postalCode) {}
