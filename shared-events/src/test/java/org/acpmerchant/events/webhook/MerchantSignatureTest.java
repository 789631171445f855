package org.acpmerchant.events.webhook;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MerchantSignatureTest {

    private static final byte[] SECRET = "whsec_test".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"type\":\"order_create\"}".getBytes(StandardCharsets.UTF_8);
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);

    @Test
    void verify_accepts_whatHeaderSigned() {
        String header = MerchantSignature.header(SECRET, 1_700_000_000, BODY);
        assertThatCode(() -> MerchantSignature.verify(SECRET, header, BODY, CLOCK, MerchantSignature.DEFAULT_TOLERANCE))
                .doesNotThrowAnyException();
    }

    @Test
    void verify_rejects_tamperedBody() {
        String header = MerchantSignature.header(SECRET, 1_700_000_000, BODY);
        byte[] tampered = "{\"type\":\"order_update\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> MerchantSignature.verify(SECRET, header, tampered, CLOCK, MerchantSignature.DEFAULT_TOLERANCE))
                .hasMessage("Webhook signature verification failed.");
    }

    @Test
    void verify_rejects_staleTimestamp() {
        String header = MerchantSignature.header(SECRET, 1_700_000_000 - 301, BODY);
        assertThatThrownBy(() -> MerchantSignature.verify(SECRET, header, BODY, CLOCK, MerchantSignature.DEFAULT_TOLERANCE))
                .hasMessage("Timestamp outside allowed window.");
    }

    @Test
    void verify_rejects_malformedAndMissingHeaders() {
        assertThatThrownBy(() -> MerchantSignature.verify(SECRET, "v1=abc", BODY, CLOCK, MerchantSignature.DEFAULT_TOLERANCE))
                .hasMessage("Merchant-Signature must be t=<timestamp>,v1=<64_hex>.");
        assertThatThrownBy(() -> MerchantSignature.verify(SECRET, null, BODY, CLOCK, MerchantSignature.DEFAULT_TOLERANCE))
                .hasMessage("Missing Merchant-Signature header.");
    }

    @Test
    void verify_rejects_otherSecret() {
        String header = MerchantSignature.header("other".getBytes(StandardCharsets.UTF_8), 1_700_000_000, BODY);
        assertThatThrownBy(() -> MerchantSignature.verify(SECRET, header, BODY, CLOCK, MerchantSignature.DEFAULT_TOLERANCE))
                .isInstanceOf(MerchantSignature.InvalidSignatureException.class);
    }
}
