package org.acpmerchant.events.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * ACP 2026-04-17 webhook signature: {@code Merchant-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." +
 * raw body)>}. Sign the exact bytes sent; verify in constant time within a tolerance (300 s recommended).
 */
public final class MerchantSignature {

    public static final String HEADER = "Merchant-Signature";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);
    private static final Pattern FORMAT = Pattern.compile("^t=(\\d+),v1=([a-fA-F0-9]{64})$");

    private MerchantSignature() {}

    public static String header(byte[] secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, unixSeconds, body));
    }

    /** Verifies {@code header} for {@code body}; returns normally or throws with the ACP-documented reason. */
    public static void verify(byte[] secret, String header, byte[] body, Clock clock, Duration tolerance) {
        if (header == null || header.isBlank()) {
            throw new InvalidSignatureException("Missing Merchant-Signature header.");
        }
        Matcher m = FORMAT.matcher(header.trim());
        if (!m.matches()) {
            throw new InvalidSignatureException("Merchant-Signature must be t=<timestamp>,v1=<64_hex>.");
        }
        long t = Long.parseLong(m.group(1));
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - t) > tolerance.toSeconds()) {
            throw new InvalidSignatureException("Timestamp outside allowed window.");
        }
        byte[] expected = hmac(secret, t, body);
        byte[] given = HexFormat.of().parseHex(m.group(2).toLowerCase());
        if (!MessageDigest.isEqual(expected, given)) {
            throw new InvalidSignatureException("Webhook signature verification failed.");
        }
    }

    private static byte[] hmac(byte[] secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signature is missing, malformed, stale or wrong; the message is the one ACP documents. */
    public static class InvalidSignatureException extends RuntimeException {
        public InvalidSignatureException(String message) {
            super(message);
        }
    }
}
