package org.acpmerchant.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.Random;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

/**
 * The fast instant paths answer exactly as the code they stand in for: Jackson's Java time module for reading, Axon's
 * {@code DateTimeUtils.formatInstant} for an event's stored time. Generated in families: 20,000 random instants in
 * every fraction length, and strings near the shape that must fall through to the standard code.
 */
class FastInstantsTest {

    private static final ObjectMapper FAST = AxonJson.newObjectMapper();
    private static final ObjectMapper STANDARD = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE).build();
    private static final long MIN = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long MAX = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    @Test
    void theSystemsMapper_readsInstantsWithTheFastPath() throws Exception {
        var context = ((com.fasterxml.jackson.databind.deser.DefaultDeserializationContext) FAST
                .getDeserializationContext()).createInstance(FAST.getDeserializationConfig(), null, null);
        assertThat(context.findRootValueDeserializer(FAST.constructType(Instant.class)))
                .isInstanceOf(FastInstants.Deserializer.class);
        assertThat(FastInstants.parse("2026-12-06T22:10:00.1Z")).isEqualTo(Instant.parse("2026-12-06T22:10:00.100Z"));
        assertThat(FastInstants.parse("2026-12-06T22:10:00+00:00")).isNull();
    }

    @Test
    void randomInstants_readAsJacksonReadsThem_inEveryFractionLength() throws Exception {
        Random random = new Random(20261206);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = InstantTexts.randomInstant(random);
            String json = "\"" + InstantTexts.withFraction(instant.toString(), random.nextInt(10)) + "\"";
            assertThat(FAST.readValue(json, Instant.class)).as(json).isEqualTo(STANDARD.readValue(json, Instant.class));
            String axon = "\"" + DateTimeUtils.formatInstant(instant) + "\"";
            assertThat(FAST.readValue(axon, Instant.class)).as(axon).isEqualTo(STANDARD.readValue(axon, Instant.class));
        }
    }

    @Test
    void randomInstants_formatAsAxonStoresThem() {
        Random random = new Random(6122026);
        for (int i = 0; i < 20_000; i++) {
            long bound = i % 10 == 0 ? 400_000_000_000L : MAX - MIN;
            Instant instant = Instant.ofEpochSecond((i % 10 == 0 ? -200_000_000_000L : MIN)
                    + (long) (random.nextDouble() * bound), random.nextInt(1_000_000_000));
            assertThat(FastInstants.formatMillis(instant)).as(instant.toString())
                    .isEqualTo(DateTimeUtils.formatInstant(instant));
        }
    }

    @Test
    void stringsNearTheShape_answerAsJacksonDoes_valueOrError() throws Exception {
        for (String text : InstantTexts.nearTheShape()) {
            String json = text.matches("[0-9.]+") ? text : "\"" + text + "\"";
            assertThat(outcome(FAST, json)).as(json).isEqualTo(outcome(STANDARD, json));
        }
    }

    private static String outcome(ObjectMapper mapper, String json) {
        try {
            return "value " + mapper.readValue(json, Instant.class);
        } catch (Exception e) {
            return "error " + e.getClass().getSimpleName();
        }
    }
}
