package org.acpmerchant.checkout.edge;

import org.acpmerchant.checkout.edge.versions.ApiVersions;
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
            new RequestSignatureVerifier(Clock.fixed(NOW, ZoneOffset.UTC)),
            new AgentRateLimiter(new AgentRateLimiter.Settings(null, Map.of(
                    "limited", new AgentRateLimiter.Settings.Rate(1, 3))), () -> 0L)).serving(ApiVersions.SUPPORTED);

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

    @Test
    void everyPathButThePublicOnes_needsAToken_andAnAgentIsToldNotFoundForUnknownPathsAndMalformedIds()
            throws Exception {
        for (String path : List.of("/checkout_sessions", "/carts/cart_1", "/unknown", "/Checkout_sessions", "/error",
                "/checkout_sessions/cs_1/complete")) {
            var request = new MockHttpServletRequest("POST", path);
            var response = new MockHttpServletResponse();
            var chain = new MockFilterChain();
            filter.doFilter(request, response, chain);
            assertThat(response.getStatus()).as(path).isEqualTo(401);
            assertThat(response.getHeader("WWW-Authenticate")).as(path).isEqualTo("Bearer");
            assertThat(chain.getRequest()).as(path).isNull();
        }
        for (String path : List.of("/.well-known/acp.json", "/mcp", "/ops/events", "/actuator/health")) {
            var chain = new MockFilterChain();
            filter.doFilter(new MockHttpServletRequest("GET", path), new MockHttpServletResponse(), chain);
            assertThat(chain.getRequest()).as(path).isNotNull();
        }
        var unknown = request("t2", BODY);
        unknown.setRequestURI("/unknown");
        var passed = new MockFilterChain();
        filter.doFilter(unknown, new MockHttpServletResponse(), passed);
        assertThat(passed.getRequest()).as("an agent's unknown path goes on to the router's 404").isNotNull();
        for (String id : List.of("a".repeat(65), "cs_1%00", "cs_1'--", "cs_..")) {
            var request = request("t2", BODY);
            request.setRequestURI("/checkout_sessions/" + id + "/complete");
            var response = new MockHttpServletResponse();
            filter.doFilter(request, response, new MockFilterChain());
            assertThat(response.getStatus()).as(id).isEqualTo(404);
            assertThat(response.getContentAsString()).as(id).contains("\"code\":\"session_not_found\"");
        }
    }

    @Test
    void mcp_asksASigningAgentForItsSignatureToo_andLeavesStrangersToTheJsonRpcAnswer() throws Exception {
        var unsigned = request("t1", BODY);
        unsigned.setRequestURI("/mcp");
        var response = new MockHttpServletResponse();
        var chain = new MockFilterChain();
        filter.doFilter(unsigned, response, chain);
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentAsString()).contains("\"code\":\"invalid_signature\"");
        assertThat(chain.getRequest()).isNull();

        var stranger = request("nope", BODY);
        stranger.setRequestURI("/mcp");
        var passed = new MockFilterChain();
        filter.doFilter(stranger, new MockHttpServletResponse(), passed);
        assertThat(passed.getRequest()).isNotNull();
        assertThat(passed.getRequest().getAttribute(AcpEdgeFilter.AGENT_ATTRIBUTE)).isNull();
    }

    @Test
    void anAgentOverItsRate_gets429WithRetryAfter_andRateLimitFieldsOnEveryAnswer() throws Exception {
        AgentAuthenticator authenticator = new AgentAuthenticator(List.of(
                new CheckoutProperties.Agent("limited", List.of(AgentAuthenticator.sha256Hex("t3")), null),
                new CheckoutProperties.Agent("other", List.of(AgentAuthenticator.sha256Hex("t4")), null)));
        var limited = new AcpEdgeFilter(authenticator, 1024, Map.of(),
                new RequestSignatureVerifier(Clock.fixed(NOW, ZoneOffset.UTC)),
                new AgentRateLimiter(new AgentRateLimiter.Settings(null, Map.of(
                        "limited", new AgentRateLimiter.Settings.Rate(1, 3))), () -> 0L)).serving(ApiVersions.SUPPORTED);
        for (int i = 0; i < 3; i++) {
            var response = new MockHttpServletResponse();
            limited.doFilter(request("t3", BODY), response, new MockFilterChain());
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeader("RateLimit")).isEqualTo("\"agent\";r=" + (2 - i) + ";t=" + (i + 1));
            assertThat(response.getHeader("RateLimit-Policy")).isEqualTo("\"agent\";q=3;w=3");
        }
        var refused = new MockHttpServletResponse();
        var chain = new MockFilterChain();
        limited.doFilter(request("t3", BODY), refused, chain);
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentAsString()).contains("\"type\":\"rate_limit_exceeded\"");
        assertThat(chain.getRequest()).isNull();
        var other = new MockHttpServletResponse();
        limited.doFilter(request("t4", BODY), other, new MockFilterChain());
        assertThat(other.getStatus()).as("another agent is not limited by the first").isEqualTo(200);
    }

    private static MockHttpServletRequest request(String token, byte[] body) {
        var request = new MockHttpServletRequest("POST", "/checkout_sessions");
        request.addHeader("Authorization", "Bearer " + token);
        request.addHeader("API-Version", ApiVersions.SUPPORTED.get(0));
        request.setContent(body);
        return request;
    }
}
