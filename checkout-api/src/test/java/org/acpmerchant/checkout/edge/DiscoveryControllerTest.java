package org.acpmerchant.checkout.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.acpmerchant.checkout.CheckoutProperties;
import org.acpmerchant.checkout.support.AcpSchemas;
import org.junit.jupiter.api.Test;

class DiscoveryControllerTest {

    private final DiscoveryController controller = new DiscoveryController(new CheckoutProperties(null, null, null,
            null, null, null, null, null, null, null, null, null, null, null));

    @Test
    void document_isValidDiscoveryResponse_listingVersionsOldestFirst() {
        var doc = controller.document("https://merchant.example.com/api");
        assertThat(AcpSchemas.validate("2026-04-17", "schema.agentic_checkout.json", "DiscoveryResponse", doc)).isEmpty();
        var versions = doc.at("/protocol/supported_versions");
        assertThat(versions.get(versions.size() - 1).asText()).isEqualTo(doc.at("/protocol/version").asText());
        assertThat(doc.toString()).doesNotContain("acct_");
    }
}
