package org.acpmerchant.checkout.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.acpmerchant.checkout.CheckoutProperties;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class AcpEdgeFilterTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final String SECRET = Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8));
    private static final byte[] BODY = "{\"currency\":\"usd\"}".getBytes(StandardCharsets.UTF_8);

    private final AcpEdgeFilter filter = new AcpEdgeFilter(
            new AgentAuthenticator(List.of(
                    new CheckoutProperties.Agent("signer", List.of(AgentAuthenticator.sha256Hex("t1")), null),
                    new CheckoutProperties.Agent("plain", List.of(AgentAuthenticator.sha256Hex("t2")), null))),
            1024,
            Map.of("signer", new RequestSignatureVerifier.Settings("hmac-sha256", SECRET, null)),
            new RequestSignatureVerifier(Clock.fixed(NOW, ZoneOffset.UTC)));

    @Test
    void signedAgent_withValidSignature_passesWithItsBodyIntact() throws Exception {
        var request = request("t1", BODY);
        request.addHeader("Timestamp", NOW.toString());
        request.addHeader("Signature", Base64.getUrlEncoder().withoutPadding().encodeToString(
                RequestSignatureVerifier.hmac(SECRET, RequestSignatureVerifier.canonical(BODY))));
        var chain = new MockFilterChain();
        var response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(chain.getRequest().getInputStream().readAllBytes()).isEqualTo(BODY);
        assertThat(chain.getRequest().getAttribute(AcpEdgeFilter.AGENT_ATTRIBUTE)).isEqualTo("signer");
    }

    @Test
    void signedAgent_withoutOrWithWrongSignature_gets401_andTheRequestStopsThere() throws Exception {
        for (String signature : new String[] {null, "AAAA"}) {
            var request = request("t1", BODY);
            request.addHeader("Timestamp", NOW.toString());
            if (signature != null) {
                request.addHeader("Signature", signature);
            }
            var chain = new MockFilterChain();
            var response = new MockHttpServletResponse();
            filter.doFilter(request, response, chain);
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getContentAsString()).contains("\"code\":\"invalid_signature\"");
            assertThat(chain.getRequest()).isNull();
        }
    }

    @Test
    void agentWithoutSigning_isNotAskedForASignature_andUnknownTokensGet401() throws Exception {
        var chain = new MockFilterChain();
        var response = new MockHttpServletResponse();
        filter.doFilter(request("t2", BODY), response, chain);
        assertThat(response.getStatus()).isEqualTo(200);
        var denied = new MockHttpServletResponse();
        filter.doFilter(request("nope", BODY), denied, new MockFilterChain());
        assertThat(denied.getStatus()).isEqualTo(401);
        assertThat(denied.getContentAsString()).contains("\"code\":\"unauthorized\"");
    }

    private static MockHttpServletRequest request(String token, byte[] body) {
        var request = new MockHttpServletRequest("POST", "/checkout_sessions");
        request.addHeader("Authorization", "Bearer " + token);
        request.addHeader("API-Version", ApiVersions.SUPPORTED.get(0));
        request.setContent(body);
        return request;
    }
}
