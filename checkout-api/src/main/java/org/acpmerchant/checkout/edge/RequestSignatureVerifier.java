package org.acpmerchant.checkout.edge;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies an agent's ACP request signature: {@code Signature} is the base64url detached signature of the request
 * body in canonical JSON form ({@link RequestFingerprint#canonical}); {@code Timestamp} (RFC 3339) must lie within
 * the allowed clock skew. Algorithms: {@code ed25519}, {@code es256} (ECDSA P-256 with SHA-256, DER signature) with
 * the agent's public key (X.509 SubjectPublicKeyInfo, base64), or {@code hmac-sha256} with a shared secret.
 */
public class RequestSignatureVerifier {

    /** How one agent signs: the algorithm, its key (base64), and the tolerated skew of {@code Timestamp}. */
    public record Settings(String algorithm, String key, Duration maxSkew) {
        public Settings {
            maxSkew = maxSkew == null ? Duration.ofMinutes(5) : maxSkew;
        }
    }

    private final Clock clock;

    public RequestSignatureVerifier(Clock clock) {
        this.clock = clock;
    }

    /** Returns normally, or throws a 401 {@code invalid_signature} in ACP's error shape. */
    public void verify(Settings settings, String signatureHeader, String timestampHeader, byte[] body) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw invalid("The Signature header is required for this agent.");
        }
        if (timestampHeader == null || timestampHeader.isBlank()) {
            throw invalid("The Timestamp header is required for signed requests.");
        }
        Instant timestamp;
        try {
            timestamp = Instant.parse(timestampHeader.trim());
        } catch (DateTimeParseException e) {
            throw invalid("The Timestamp header must be an RFC 3339 date-time.");
        }
        if (Duration.between(timestamp, clock.instant()).abs().compareTo(settings.maxSkew()) > 0) {
            throw invalid("The Timestamp is outside the allowed clock skew.");
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(signatureHeader.trim().replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw invalid("The Signature header must be base64url.");
        }
        byte[] message = canonical(body);
        boolean valid;
        try {
            valid = switch (settings.algorithm()) {
                case "hmac-sha256" -> MessageDigest.isEqual(hmac(settings.key(), message), signature);
                case "ed25519" -> verifyWith("Ed25519", "Ed25519", settings.key(), message, signature);
                case "es256" -> verifyWith("EC", "SHA256withECDSA", settings.key(), message, signature);
                default -> throw new IllegalStateException("unsupported signature algorithm " + settings.algorithm());
            };
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            valid = false;
        }
        if (!valid) {
            throw invalid("The request signature does not verify.");
        }
    }

    /** The bytes that are signed: the body's canonical JSON (the raw bytes when it is not JSON; empty when absent). */
    public static byte[] canonical(byte[] body) {
        return RequestFingerprint.canonicalForm(body).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] hmac(String secret, byte[] message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
        return mac.doFinal(message);
    }

    private static boolean verifyWith(String keyAlgorithm, String signatureAlgorithm, String key, byte[] message,
            byte[] signature) throws GeneralSecurityException {
        PublicKey publicKey = KeyFactory.getInstance(keyAlgorithm)
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key)));
        Signature verifier = Signature.getInstance(signatureAlgorithm);
        verifier.initVerify(publicKey);
        verifier.update(message);
        return verifier.verify(signature);
    }

    private static AcpException invalid(String message) {
        return new AcpException(401, "invalid_request", "invalid_signature", message, null, null, null);
    }
}
