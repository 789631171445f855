package org.acpmerchant.platform.ops;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class OpsTokenFilterTest {

    static final String OPERATOR = "operator-token";
    static final String AUDITOR = "auditor-token";
    static final String COOKIE_OPERATOR = "cookie-operator";
    static final String COOKIE_AUDITOR = "cookie-auditor";
    static final String CSRF = "csrf-of-the-session";

    final List<OpsActionLog.Action> actions = new ArrayList<>();
    final OpsSessions sessions = cookie -> switch (cookie) {
        case COOKIE_OPERATOR -> Optional.of(new OpsSessions.Session("ops:alice", OpsTokenFilter.Role.OPERATOR, CSRF));
        case COOKIE_AUDITOR -> Optional.of(new OpsSessions.Session("ops:bob", OpsTokenFilter.Role.AUDITOR, CSRF));
        default -> Optional.empty();
    };
    final OpsTokenFilter filter = new OpsTokenFilter(List.of("alice:" + OpsTokenFilter.sha256Hex(OPERATOR)),
            List.of(OpsTokenFilter.sha256Hex(AUDITOR)), sessions, actions::add);

    record Outcome(int status, boolean reachedTheController) {}

    Outcome send(String method, String bearer, String cookie, String csrf) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/ops/orders/o1/refunds");
        request.setRemoteAddr("10.0.0.7");
        if (bearer != null) {
            request.addHeader("Authorization", "Bearer " + bearer);
        }
        if (cookie != null) {
            request.setCookies(new Cookie(OpsTokenFilter.SESSION_COOKIE, cookie));
        }
        if (csrf != null) {
            request.addHeader(OpsTokenFilter.CSRF_HEADER, csrf);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        return new Outcome(response.getStatus(), chain.getRequest() != null);
    }

    static Stream<Arguments> everyCaller() {
        List<Arguments> all = new ArrayList<>();
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")) {
            boolean write = !method.equals("GET") && !method.equals("HEAD");
            all.add(Arguments.of(method, OPERATOR, null, null, 200));
            all.add(Arguments.of(method, AUDITOR, null, null, write ? 403 : 200));
            all.add(Arguments.of(method, "not-a-token", null, null, 401));
            all.add(Arguments.of(method, null, null, null, 401));
            all.add(Arguments.of(method, null, COOKIE_OPERATOR, CSRF, 200));
            all.add(Arguments.of(method, null, COOKIE_OPERATOR, null, write ? 403 : 200));
            all.add(Arguments.of(method, null, COOKIE_OPERATOR, "another-pages-token", write ? 403 : 200));
            all.add(Arguments.of(method, null, COOKIE_AUDITOR, CSRF, write ? 403 : 200));
            all.add(Arguments.of(method, null, "expired-or-forged", CSRF, 401));
            all.add(Arguments.of(method, AUDITOR, COOKIE_OPERATOR, CSRF, write ? 403 : 200)); // the bearer decides
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} bearer={1} cookie={2} csrf={3} -> {4}")
    @MethodSource("everyCaller")
    void onlyOperatorsChangeAndConsoleChangesCarryTheCsrfToken(String method, String bearer, String cookie, String csrf,
            int expected) throws Exception {
        Outcome outcome = send(method, bearer, cookie, csrf);
        assertThat(outcome.status()).isEqualTo(expected);
        assertThat(outcome.reachedTheController()).isEqualTo(expected == 200);
        boolean write = !method.equals("GET") && !method.equals("HEAD");
        assertThat(actions).as("a write that got past authentication is recorded, allowed or not")
                .hasSize(write && expected != 401 ? 1 : 0);
        actions.forEach(a -> {
            assertThat(a.status()).isEqualTo(expected);
            assertThat(a.remoteAddress()).isEqualTo("10.0.0.7");
            assertThat(a.via()).isEqualTo(bearer != null ? "api" : "console");
        });
    }

    @Test
    void aNamedHashGivesItsNameAndAPlainOneItsPrefix() {
        assertThat(filter.authenticate(OPERATOR)).contains(new OpsTokenFilter.Caller("ops:alice", OpsTokenFilter.Role.OPERATOR));
        assertThat(filter.authenticate(AUDITOR)).contains(new OpsTokenFilter.Caller(
                "ops:" + OpsTokenFilter.sha256Hex(AUDITOR).substring(0, 12), OpsTokenFilter.Role.AUDITOR));
        assertThat(filter.authenticate("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "DELETE"})
    void aRefusedWriteNeverReachesTheController(String method) throws Exception {
        assertThat(send(method, AUDITOR, null, null).reachedTheController()).isFalse();
        assertThat(send(method, null, COOKIE_OPERATOR, "wrong").reachedTheController()).isFalse();
    }
}
