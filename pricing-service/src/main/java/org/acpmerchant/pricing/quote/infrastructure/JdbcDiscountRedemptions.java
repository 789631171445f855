package org.acpmerchant.pricing.quote.infrastructure;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.acpmerchant.pricing.quote.application.DiscountRedemptions;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code discount_redemption}: one row per (code, reservation). */
public class JdbcDiscountRedemptions implements DiscountRedemptions {

    private final JdbcTemplate jdbc;

    public JdbcDiscountRedemptions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, Long> counts(Collection<String> codes) {
        Map<String, Long> counts = new HashMap<>();
        if (codes.isEmpty()) {
            return counts;
        }
        jdbc.query("select code, count(*) from discount_redemption where code = any (?) group by code",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                },
                (Object) codes.toArray(String[]::new));
        return counts;
    }

    @Override
    public void redeem(String reservationId, Collection<String> codes, Instant at) {
        for (String code : codes) {
            jdbc.update("insert into discount_redemption (code, reservation_id, redeemed_at) values (?, ?, ?) "
                    + "on conflict do nothing", code, reservationId, Timestamp.from(at));
        }
    }
}
