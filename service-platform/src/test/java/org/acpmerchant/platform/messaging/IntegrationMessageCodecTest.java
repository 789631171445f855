package org.acpmerchant.platform.messaging;

import static org.acpmerchant.platform.axon.InstantTexts.randomInstant;
import static org.acpmerchant.platform.axon.InstantTexts.withFraction;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import java.util.function.Supplier;
import org.acpmerchant.events.EventTypes;
import org.acpmerchant.events.payment.PaymentAuthorized;
import org.acpmerchant.platform.axon.InstantTexts;
import org.junit.jupiter.api.Test;

/**
 * A message's {@code occurred_at} reads as {@link Instant#parse} reads it (ADR 0048): random instants in every fraction
 * length, strings near the shape (fields out of range, leap seconds, offsets, case, spaces, random one-character
 * mutations) give the same value or the same kind of error, and every instant survives an encode and a decode.
 */
class IntegrationMessageCodecTest {

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
        for (String text : InstantTexts.nearTheShape()) {
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

    private static String outcome(Supplier<Instant> read) {
        try {
            return "value " + read.get();
        } catch (RuntimeException e) {
            return "error " + e.getClass().getSimpleName();
        }
    }
}
