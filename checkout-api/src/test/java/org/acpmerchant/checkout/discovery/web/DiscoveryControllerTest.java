package org.acpmerchant.checkout.discovery.web;

import org.acpmerchant.checkout.edge.versions.AcpVersions;
import org.acpmerchant.checkout.edge.AcpErrors;
import org.acpmerchant.checkout.edge.AcpException;
import static org.assertj.core.api.Assertions.assertThat;

import org.acpmerchant.checkout.CheckoutProperties;
import org.acpmerchant.checkout.support.AcpSchemas;
import org.junit.jupiter.api.Test;

class DiscoveryControllerTest {

    private static final CheckoutProperties PROPS = new CheckoutProperties(null, null, null, null, null, null, null,
            null, null, null, null, null, null, null);
    private final DiscoveryController controller = new DiscoveryController(PROPS, AcpVersions.of(PROPS));

    @Test
    void document_isValidDiscoveryResponse_listingVersionsOldestFirst() {
        var doc = controller.document("https://merchant.example.com/api");
        assertThat(AcpSchemas.validate("2026-04-17", "schema.agentic_checkout.json", "DiscoveryResponse", doc)).isEmpty();
        var versions = doc.at("/protocol/supported_versions");
        assertThat(versions.get(versions.size() - 1).asText()).isEqualTo(doc.at("/protocol/version").asText());
        assertThat(doc.toString()).doesNotContain("acct_");
    }

    @Test
    void theDocument_neverCarriesTheRequestsHostHeader_butTheConfiguredOrLocalAddress() throws Exception {
        var request = new org.springframework.mock.web.MockHttpServletRequest("GET", "/.well-known/acp.json");
        request.addHeader("Host", "evil.example");
        request.setServerName("evil.example");
        request.setLocalAddr("10.0.0.7");
        request.setLocalPort(8080);
        var local = new com.fasterxml.jackson.databind.ObjectMapper().readTree(controller.discovery(request).getBody());
        assertThat(local.path("api_base_url").asText()).isEqualTo("http://10.0.0.7:8080");

        var configured = new DiscoveryController(new CheckoutProperties(null, null, null, null, null, null, null, null,
                null, null, null, null, null, "https://shop.example.com/acp"), AcpVersions.of(PROPS));
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(configured.discovery(request).getBody());
        assertThat(doc.path("api_base_url").asText()).isEqualTo("https://shop.example.com/acp");
        assertThat(doc.toString()).doesNotContain("evil");
    }

    @Test
    void every409_carriesRetryAfter() throws Exception {
        AcpException conflict = AcpException.of(409, "session_not_modifiable", "The session is completed.");
        assertThat(conflict.retryAfterSeconds()).isEqualTo(1);
        var response = new org.springframework.mock.web.MockHttpServletResponse();
        AcpErrors.write(response, conflict);
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(AcpException.of(400, "invalid", "x").retryAfterSeconds()).isNull();
    }
}
