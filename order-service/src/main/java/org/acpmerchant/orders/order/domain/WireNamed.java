package org.acpmerchant.orders.order.domain;

import java.util.Arrays;
import java.util.Locale;

/** An enum whose wire name (what events and answers carry) is its constant's name in lower case. */
interface WireNamed {

    String name();

    default String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} that {@code wireName} names; an unknown name is a programming error. */
    static <E extends Enum<E> & WireNamed> E fromWireName(Class<E> type, String wireName, String what) {
        return Arrays.stream(type.getEnumConstants())
                .filter(e -> e.wireName().equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown " + what + " " + wireName));
    }
}
