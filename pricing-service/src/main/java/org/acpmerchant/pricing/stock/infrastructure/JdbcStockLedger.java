package org.acpmerchant.pricing.stock.infrastructure;

import org.springframework.jdbc.core.RowCallbackHandler;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.acpmerchant.events.StockLine;
import org.acpmerchant.events.pricing.StockShortage;
import org.acpmerchant.pricing.stock.domain.StockLedger;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ledger in {@code stock_level} (on hand, reserved) and {@code stock_hold} (per reservation). Rows are locked
 * with {@code select … for update} in variant-id order, so concurrent reservations serialize per variant and never
 * deadlock; {@code reserved} never exceeds what was available when the hold was taken.
 */
public class JdbcStockLedger implements StockLedger {

    private final JdbcTemplate jdbc;

    public JdbcStockLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<StockShortage> hold(String reservationId, List<StockLine> lines, Instant expiresAt) {
        Map<String, Integer> requested = new TreeMap<>();
        lines.forEach(line -> requested.merge(line.variantId(), line.quantity(), Integer::sum));
        Map<String, Integer> available = new HashMap<>();
        jdbc.query(
                "select variant_id, greatest(on_hand - reserved, 0) as available from stock_level "
                        + "where variant_id = any (?) order by variant_id for update",
                (RowCallbackHandler) rs -> available.put(rs.getString("variant_id"), rs.getInt("available")),
                (Object) requested.keySet().toArray(String[]::new));
        List<StockShortage> shortages = new ArrayList<>();
        requested.forEach((variant, quantity) -> {
            int left = available.getOrDefault(variant, 0);
            if (quantity > left) {
                shortages.add(new StockShortage(variant, quantity, left));
            }
        });
        if (!shortages.isEmpty()) {
            return shortages;
        }
        Timestamp expiry = Timestamp.from(expiresAt);
        List<Object[]> reserve = new ArrayList<>();
        List<Object[]> holds = new ArrayList<>();
        requested.forEach((variant, quantity) -> {
            reserve.add(new Object[] {quantity, variant});
            holds.add(new Object[] {reservationId, variant, quantity, expiry});
        });
        jdbc.batchUpdate("update stock_level set reserved = reserved + ? where variant_id = ?", reserve);
        jdbc.batchUpdate(
                "insert into stock_hold (reservation_id, variant_id, quantity, expires_at) values (?, ?, ?, ?)",
                holds);
        return List.of();
    }

    @Override
    public void release(String reservationId) {
        lockLevelsHeldBy(reservationId);
        jdbc.update(
                "with h as (delete from stock_hold where reservation_id = ? returning variant_id, quantity) "
                        + "update stock_level s set reserved = greatest(s.reserved - h.quantity, 0) "
                        + "from h where s.variant_id = h.variant_id",
                reservationId);
    }

    @Override
    public void commit(String reservationId) {
        lockLevelsHeldBy(reservationId);
        jdbc.update(
                "with h as (delete from stock_hold where reservation_id = ? returning variant_id, quantity) "
                        + "update stock_level s set reserved = greatest(s.reserved - h.quantity, 0), "
                        + "on_hand = greatest(s.on_hand - h.quantity, 0) "
                        + "from h where s.variant_id = h.variant_id",
                reservationId);
    }

    @Override
    public void restock(List<StockLine> lines) {
        lines.stream().sorted(java.util.Comparator.comparing(StockLine::variantId)).forEach(line -> jdbc.update(
                "update stock_level set on_hand = on_hand + ? where variant_id = ?",
                line.quantity(), line.variantId()));
    }

    @Override
    public List<String> expiredBefore(Instant now, int limit) {
        return jdbc.queryForList(
                "select reservation_id from stock_hold where expires_at < ? "
                        + "group by reservation_id order by min(expires_at) limit ?",
                String.class,
                Timestamp.from(now),
                limit);
    }

    private void lockLevelsHeldBy(String reservationId) {
        jdbc.query(
                "select s.variant_id from stock_level s where s.variant_id in "
                        + "(select variant_id from stock_hold where reservation_id = ?) order by s.variant_id for update",
                rs -> {},
                reservationId);
    }
}
