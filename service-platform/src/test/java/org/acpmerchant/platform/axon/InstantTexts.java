package org.acpmerchant.platform.axon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Instants as text for the tests of the fast instant paths ({@link FastInstants}, ADR 0047 and 0048): random ones in
 * years 0 to 9999, with any number of fraction digits, and strings near the plain UTC shape that must fall through to
 * the standard code.
 */
public final class InstantTexts {

    private static final long MIN = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long MAX = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private InstantTexts() {}

    /** A random instant in years 0 to 9999, to the nanosecond. */
    public static Instant randomInstant(Random random) {
        return Instant.ofEpochSecond(MIN + (long) (random.nextDouble() * (MAX - MIN)), random.nextInt(1_000_000_000));
    }

    /** {@code iso} (Instant.toString: 0, 3, 6 or 9 fraction digits) with exactly {@code digits} of fraction. */
    public static String withFraction(String iso, int digits) {
        String whole = iso.substring(0, 19);
        String fraction = iso.length() > 20 ? iso.substring(20, iso.length() - 1) : "";
        fraction = (fraction + "000000000").substring(0, 9).substring(0, digits);
        return digits == 0 ? whole + "Z" : whole + "." + fraction + "Z";
    }

    /**
     * 2,031 strings near the shape: fields out of range, leap seconds, offsets, lower-case {@code t}/{@code z}, signs,
     * spaces, numbers, and 2,000 random one-character mutations of a valid instant (the same ones on every call).
     */
    public static List<String> nearTheShape() {
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
        return texts;
    }
}
