package org.acpmerchant.checkout.edge;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RequestSignatureVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private final RequestSignatureVerifier verifier = new RequestSignatureVerifier(Clock.fixed(NOW, ZoneOffset.UTC));
    private final byte[] body = "{\"b\":1,\"a\":[1,2]}".getBytes(StandardCharsets.UTF_8);
    private final byte[] sameBodyOtherOrder = "{ \"a\":[1,2], \"b\":1.0 }".getBytes(StandardCharsets.UTF_8);

    @Test
    void ed25519_verifiesTheCanonicalBody_andRejectsTampering() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var settings = new RequestSignatureVerifier.Settings("ed25519", b64(keys.getPublic().getEncoded()), null);
        String signature = sign("Ed25519", keys, body);
        assertThatCode(() -> verifier.verify(settings, signature, NOW.toString(), sameBodyOtherOrder))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verify(settings, signature, NOW.toString(),
                "{\"b\":2,\"a\":[1,2]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AcpException.class).hasMessageContaining("does not verify");
    }

    @Test
    void es256_verifies() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        var settings = new RequestSignatureVerifier.Settings("es256", b64(keys.getPublic().getEncoded()), null);
        assertThatCode(() -> verifier.verify(settings, sign("SHA256withECDSA", keys, body), NOW.toString(), body))
                .doesNotThrowAnyException();
    }

    @Test
    void hmac_verifies_andStaleOrMissingHeadersAreRefused() throws Exception {
        String secret = b64("shared-secret".getBytes(StandardCharsets.UTF_8));
        var settings = new RequestSignatureVerifier.Settings("hmac-sha256", secret, Duration.ofMinutes(5));
        String signature = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(RequestSignatureVerifier.hmac(secret, RequestSignatureVerifier.canonical(body)));
        assertThatCode(() -> verifier.verify(settings, signature, NOW.minusSeconds(60).toString(), body))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verify(settings, signature, NOW.minusSeconds(301).toString(), body))
                .hasMessageContaining("clock skew");
        assertThatThrownBy(() -> verifier.verify(settings, null, NOW.toString(), body))
                .hasMessageContaining("Signature header is required");
        assertThatThrownBy(() -> verifier.verify(settings, signature, "yesterday", body))
                .hasMessageContaining("RFC 3339");
        assertThatThrownBy(() -> verifier.verify(settings, "!!!", NOW.toString(), body))
                .isInstanceOf(AcpException.class);
    }

    private static String sign(String algorithm, KeyPair keys, byte[] body) throws Exception {
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(keys.getPrivate());
        signer.update(RequestSignatureVerifier.canonical(body));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
