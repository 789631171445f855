package org.acpmerchant.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
            Instant instant = Instant.ofEpochSecond(MIN + (long) (random.nextDouble() * (MAX - MIN)),
                    random.nextInt(1_000_000_000));
            String iso = instant.toString();
            String json = "\"" + trimFraction(iso, random.nextInt(10)) + "\"";
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
        List<String> texts = new ArrayList<>(List.of(
                "2026-12-06T22:10:00Z", "2026-12-06T22:10:00.Z", "2026-12-06T22:10:00.1234567891Z",
                "2026-13-06T22:10:00Z", "2026-00-06T22:10:00Z", "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z",
                "2026-04-31T00:00:00Z", "2026-12-32T00:00:00Z", "2026-12-06T24:00:00Z", "2026-12-06T23:60:00Z",
                "2026-12-06T23:59:60Z", "2026-12-06T23:59:61Z", "2026-12-06t22:10:00Z", "2026-12-06T22:10:00z",
                "2026-12-06T22:10:00+01:00", "2026-12-06T22:10:00.5+00:00", "2026-12-06 22:10:00Z",
                "+12026-12-06T22:10:00Z", "-0001-12-06T22:10:00Z", "2026-1-06T22:10:00Z", "2026-12-06T22:10Z",
                "2026-12-06T22:10:00", "2026-12-06T22:10:0aZ", "2026-12-06T22:10:00.12a4Z", "０２０26-12-06T22:10:00Z",
                "", " 2026-12-06T22:10:00Z", "2026-12-06T22:10:00Z ", "1765059000", "1765059000.5"));
        Random random = new Random(7);
        String base = "2026-12-06T22:10:00.123456Z";
        for (int i = 0; i < 2_000; i++) {
            char[] chars = base.toCharArray();
            chars[random.nextInt(chars.length)] = "0123456789-:.TZtz+ x".charAt(random.nextInt(20));
            texts.add(new String(chars));
        }
        for (String text : texts) {
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

    /** {@code iso} (Instant.toString, 0, 3, 6 or 9 fraction digits) with exactly {@code digits} of fraction. */
    private static String trimFraction(String iso, int digits) {
        String whole = iso.substring(0, 19);
        String fraction = iso.length() > 20 ? iso.substring(20, iso.length() - 1) : "";
        fraction = (fraction + "000000000").substring(0, 9).substring(0, digits);
        return digits == 0 ? whole + "Z" : whole + "." + fraction + "Z";
    }
}
