package org.acpmerchant.pricing.quote.infrastructure;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.acpmerchant.pricing.stock.domain.DiscountRedemptions;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code discount_redemption} (one row per code and sold reservation), {@code discount_hold} (one row per code and open
 * reservation) and {@code discount_code_lock} (one row per usage-limited code, locked {@code for update} in code order
 * while a reservation counts and holds, so concurrent reservations of one code serialize and never overshoot).
 */
public class JdbcDiscountRedemptions implements DiscountRedemptions {

    private final JdbcTemplate jdbc;
    private final Map<String, Long> usageLimits;

    /** @param usageLimits the usage limit of each limited (normalized) code */
    public JdbcDiscountRedemptions(JdbcTemplate jdbc, Map<String, Long> usageLimits) {
        this.jdbc = jdbc;
        this.usageLimits = Map.copyOf(usageLimits);
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
    public List<String> hold(String reservationId, Collection<String> codes, Instant at) {
        String[] limited = codes.stream().filter(usageLimits::containsKey).distinct().sorted().toArray(String[]::new);
        if (limited.length == 0) {
            return List.of();
        }
        for (String code : limited) {
            jdbc.update("insert into discount_code_lock (code) values (?) on conflict do nothing", code);
        }
        jdbc.query("select code from discount_code_lock where code = any (?) order by code for update", rs -> {},
                (Object) limited);
        // One statement, one snapshot: a concurrent commit moves a use from discount_hold to discount_redemption
        // atomically, so it is counted exactly once either way.
        List<String> exhausted = new ArrayList<>();
        jdbc.query("select c.code, "
                        + "(select count(*) from discount_hold h where h.code = c.code and h.reservation_id <> ?) "
                        + "+ (select count(*) from discount_redemption r where r.code = c.code) "
                        + "from unnest(?::varchar[]) as c(code) order by c.code",
                rs -> {
                    if (rs.getLong(2) >= usageLimits.get(rs.getString(1))) {
                        exhausted.add(rs.getString(1));
                    }
                },
                reservationId, limited);
        if (!exhausted.isEmpty()) {
            return exhausted;
        }
        for (String code : limited) {
            jdbc.update("insert into discount_hold (code, reservation_id, held_at) values (?, ?, ?) "
                    + "on conflict do nothing", code, reservationId, Timestamp.from(at));
        }
        return List.of();
    }

    @Override
    public void releaseHolds(String reservationId) {
        jdbc.update("delete from discount_hold where reservation_id = ?", reservationId);
    }

    @Override
    public void redeem(String reservationId, Collection<String> codes, Instant at) {
        for (String code : codes) {
            jdbc.update("insert into discount_redemption (code, reservation_id, redeemed_at) values (?, ?, ?) "
                    + "on conflict do nothing", code, reservationId, Timestamp.from(at));
        }
        releaseHolds(reservationId);
    }
}
