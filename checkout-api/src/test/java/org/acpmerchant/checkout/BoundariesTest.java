package org.acpmerchant.checkout;

import org.acpmerchant.platform.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The boundaries every service keeps (ArchUnit, {@link ArchitectureRules}). */
class BoundariesTest {

    @Test
    void domainFreeOfFrameworks_andNoOtherServicesCode() {
        ArchitectureRules.check("org.acpmerchant.checkout");
    }
}
