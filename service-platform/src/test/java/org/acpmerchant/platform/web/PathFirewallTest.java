package org.acpmerchant.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class PathFirewallTest {

    private static final List<String> CANONICAL = List.of("/checkout_sessions", "/checkout_sessions/cs_1/complete",
            "/merchant/orders/ord_1/refunds", "/ops/events", "/stripe/webhooks", "/.well-known/acp.json", "/",
            "/carts/cart_1");

    /** Every other spelling of the canonical paths a router or container might still map to them. */
    static List<String> variants() {
        List<String> variants = new ArrayList<>();
        for (String path : CANONICAL) {
            String tail = path.substring(1);
            variants.add("/%" + Integer.toHexString(tail.isEmpty() ? 'a' : tail.charAt(0)) + (tail.isEmpty() ? "" : tail.substring(1)));
            variants.add("/" + tail.replace("/", "%2F"));
            variants.add("/" + tail.replace("/", "%2f"));
            variants.add("//" + tail);
            variants.add("/./" + tail);
            variants.add("/x/../" + tail);
            variants.add("/" + tail + "/.");
            variants.add("/" + tail + "/..");
            variants.add("/" + tail + ";jsessionid=1");
            variants.add("/" + tail.replace("/", ";x=1/"));
            variants.add("/" + tail.replace("/", "\\"));
            variants.add("/" + tail + "%00");
            variants.add("/" + tail + "\u0000");
            variants.add("/" + tail + "\t");
            variants.add("/" + tail + " ");
            variants.add("/" + tail + "\u00e9");
            variants.add("/" + tail + "/%2e%2e");
            variants.add("/" + tail + "/" + "a".repeat(600));
        }
        variants.removeIf(CANONICAL::contains); // a replacement that found nothing to replace
        return variants;
    }

    @Test
    void everyNonCanonicalSpelling_isRefusedWith400InTheAcpShape_beforeAnyOtherFilter() throws Exception {
        List<String> variants = variants();
        assertThat(variants).hasSizeGreaterThan(100);
        for (String path : variants) {
            var request = new MockHttpServletRequest("GET", path);
            var response = new MockHttpServletResponse();
            var chain = new MockFilterChain();
            new PathFirewall().doFilter(request, response, chain);
            assertThat(response.getStatus()).as(path).isEqualTo(400);
            assertThat(response.getContentAsString()).as(path).contains("\"type\":\"invalid_request\"")
                    .contains("\"code\":\"invalid_path\"").contains("\"message\":");
            assertThat(chain.getRequest()).as(path).isNull();
        }
    }

    @Test
    void canonicalPaths_passUntouched() throws Exception {
        for (String path : CANONICAL) {
            var chain = new MockFilterChain();
            var request = new MockHttpServletRequest("POST", path);
            request.setQueryString("session_id=%63s_1&x=%00");
            new PathFirewall().doFilter(request, new MockHttpServletResponse(), chain);
            assertThat(((jakarta.servlet.http.HttpServletRequest) chain.getRequest()).getRequestURI()).as(path)
                    .isEqualTo(path);
        }
    }

    @Test
    void aBodyOverTheBound_is413WhenDeclared_andStopsBeingReadWhenNot() throws Exception {
        var declared = new MockHttpServletRequest("POST", "/stripe/webhooks");
        declared.setContent(new byte[2048]);
        var response = new MockHttpServletResponse();
        var chain = new MockFilterChain();
        new PathFirewall(1024).doFilter(declared, response, chain);
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentAsString()).contains("\"code\":\"request_too_large\"");
        assertThat(chain.getRequest()).isNull();

        var chunked = new MockHttpServletRequest("POST", "/stripe/webhooks") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        chunked.addHeader("Transfer-Encoding", "chunked");
        chunked.setContent(new byte[2048]);
        var passed = new MockFilterChain();
        new PathFirewall(1024).doFilter(chunked, new MockHttpServletResponse(), passed);
        var in = passed.getRequest().getInputStream();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(in::readAllBytes))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("larger than 1024");
    }

    @Test
    void errorBodies_forEveryStatus_areTheAcpShape_withoutDetails() {
        for (int status = 400; status < 600; status++) {
            String body = JsonErrors.forStatus(status);
            assertThat(body).as("%d", status).startsWith("{\"type\":\"").contains("\"code\":\"")
                    .contains("\"message\":\"");
        }
        assertThat(JsonErrors.forStatus(500)).contains("internal_error").doesNotContain("Exception");
    }
}
