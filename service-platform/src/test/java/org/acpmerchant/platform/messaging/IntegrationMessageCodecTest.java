package org.acpmerchant.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.acpmerchant.events.EventTypes;
import org.acpmerchant.events.payment.PaymentAuthorized;
import org.junit.jupiter.api.Test;

/**
 * A message's {@code occurred_at} reads as {@link Instant#parse} reads it (ADR 0048): random instants in every fraction
 * length, strings near the shape (fields out of range, leap seconds, offsets, case, spaces, random one-character
 * mutations) give the same value or the same kind of error, and every instant survives an encode and a decode.
 */
class IntegrationMessageCodecTest {

    private static final long MIN = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long MAX = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    @Test
    void randomInstants_readAsInstantParseReadsThem_inEveryFractionLength() {
        Random random = new Random(20261207);
        for (int i = 0; i < 20_000; i++) {
            String text = withFraction(randomInstant(random).toString(), random.nextInt(10));
            assertThat(IntegrationMessageCodec.occurredAt(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void stringsNearTheShape_answerAsInstantParseDoes_valueOrError() {
        List<String> texts = new ArrayList<>(List.of(
                "2026-12-07T00:50:00Z", "2026-12-07T00:50:00.Z", "2026-12-07T00:50:00.1234567891Z",
                "2026-13-07T00:50:00Z", "2026-00-07T00:50:00Z", "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z",
                "2026-04-31T00:00:00Z", "2026-12-32T00:00:00Z", "2026-12-07T24:00:00Z", "2026-12-07T23:60:00Z",
                "2026-12-07T23:59:60Z", "2026-12-07T23:59:61Z", "2026-12-07t00:50:00Z", "2026-12-07T00:50:00z",
                "2026-12-07T00:50:00+01:00", "2026-12-07T00:50:00.5+00:00", "2026-12-07 00:50:00Z",
                "+12026-12-07T00:50:00Z", "-0001-12-07T00:50:00Z", "2026-1-07T00:50:00Z", "2026-12-07T00:50Z",
                "2026-12-07T00:50:00", "2026-12-07T00:50:0aZ", "2026-12-07T00:50:00.12a4Z", "",
                " 2026-12-07T00:50:00Z", "2026-12-07T00:50:00Z ", "1765068600"));
        Random random = new Random(12);
        String base = "2026-12-07T00:50:00.123456Z";
        for (int i = 0; i < 2_000; i++) {
            char[] chars = base.toCharArray();
            chars[random.nextInt(chars.length)] = "0123456789-:.TZtz+ x".charAt(random.nextInt(20));
            texts.add(new String(chars));
        }
        for (String text : texts) {
            assertThat(outcome(() -> IntegrationMessageCodec.occurredAt(text))).as(text)
                    .isEqualTo(outcome(() -> Instant.parse(text)));
        }
    }

    @Test
    void everyInstant_survivesAnEncodeAndADecode() {
        IntegrationMessageCodec codec = new IntegrationMessageCodec();
        Random random = new Random(7122026);
        for (int i = 0; i < 500; i++) {
            Instant occurred = randomInstant(random);
            IntegrationMessage message = new IntegrationMessage("msg_" + i, EventTypes.PAYMENT_AUTHORIZED,
                    new PaymentAuthorized("pay_" + i, "cs_" + i, "att_" + i, 1500 + i, "usd", "pi_" + i, occurred),
                    occurred, "cs_" + i, "msg_" + (i - 1));
            assertThat(codec.decode(codec.encode(message))).as(occurred.toString()).contains(message);
        }
    }

    private static Instant randomInstant(Random random) {
        return Instant.ofEpochSecond(MIN + (long) (random.nextDouble() * (MAX - MIN)), random.nextInt(1_000_000_000));
    }

    private static String outcome(Supplier<Instant> read) {
        try {
            return "value " + read.get();
        } catch (RuntimeException e) {
            return "error " + e.getClass().getSimpleName();
        }
    }

    /** {@code iso} (Instant.toString: 0, 3, 6 or 9 fraction digits) with exactly {@code digits} of fraction. */
    private static String withFraction(String iso, int digits) {
        String whole = iso.substring(0, 19);
        String fraction = iso.length() > 20 ? iso.substring(20, iso.length() - 1) : "";
        fraction = (fraction + "000000000").substring(0, 9).substring(0, digits);
        return digits == 0 ? whole + "Z" : whole + "." + fraction + "Z";
    }
}
