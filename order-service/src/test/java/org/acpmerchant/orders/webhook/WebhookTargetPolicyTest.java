package org.acpmerchant.orders.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class WebhookTargetPolicyTest {

    @Test
    void check_refuses_loopbackPrivateAndLinkLocalTargets() {
        WebhookTargetPolicy policy = new WebhookTargetPolicy(false);
        for (String url : new String[] {"http://127.0.0.1:9000/hook", "https://10.1.2.3/hook", "https://192.168.0.1/",
                "https://169.254.169.254/latest", "https://[::1]/hook", "https://[fd00::1]/", "https://100.64.0.1/",
                "https://0.0.0.0/"}) {
            assertThatThrownBy(() -> policy.check(URI.create(url)))
                    .as(url).isInstanceOf(WebhookTargetPolicy.RefusedTargetException.class);
        }
    }

    @Test
    void check_refuses_nonHttpScheme_evenWhenPrivateTargetsAllowed() {
        assertThatThrownBy(() -> new WebhookTargetPolicy(true).check(URI.create("file:///etc/passwd")))
                .isInstanceOf(WebhookTargetPolicy.RefusedTargetException.class);
    }

    @Test
    void check_accepts_loopback_whenPrivateTargetsAllowed() {
        assertThatCode(() -> new WebhookTargetPolicy(true).check(URI.create("http://127.0.0.1:9000/hook")))
                .doesNotThrowAnyException();
    }

    @Test
    void isPrivate_isFalse_forPublicAddresses() throws Exception {
        assertThat(WebhookTargetPolicy.isPrivate(InetAddress.getByName("93.184.216.34"))).isFalse();
        assertThat(WebhookTargetPolicy.isPrivate(InetAddress.getByName("2606:4700::1111"))).isFalse();
    }
}
