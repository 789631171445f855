package org.acpmerchant.platform.ops.rebuild;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which stored events a tracking processor has handled, read from its committed tokens: an event is covered when the
 * token of the segment its aggregate belongs to is at or past it and does not list it as a gap. This is exactly what
 * the live table holds, so a rebuild folds the covered events and a catch-up the ones covered since.
 */
final class ProcessorCoverage {

    private record SegmentToken(Segment segment, GapAwareTrackingToken token) {}

    private final List<SegmentToken> segments;

    private ProcessorCoverage(List<SegmentToken> segments) {
        this.segments = segments;
    }

    static ProcessorCoverage read(JdbcTemplate jdbc, Serializer serializer, String processor) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select segment, token, token_type from token_entry where processor_name = ? order by segment", processor);
        int[] ids = rows.stream().mapToInt(r -> ((Number) r.get("segment")).intValue()).toArray();
        List<SegmentToken> segments = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            int id = ((Number) row.get("segment")).intValue();
            byte[] bytes = (byte[]) row.get("token");
            TrackingToken token = bytes == null ? null : serializer.deserialize(
                    new SimpleSerializedObject<>(bytes, byte[].class, (String) row.get("token_type"), null));
            if (token instanceof ReplayToken replay) {
                // A finished replay keeps its wrapper until the next new event: what it holds is its current token.
                TrackingToken current = replay.getCurrentToken();
                if (current == null || replay.getTokenAtReset() == null
                        || !current.covers(replay.getTokenAtReset())) {
                    throw new RebuildRefused("replay_in_progress",
                            "The processor " + processor + " is replaying; rebuild once its replay has finished.");
                }
                token = current;
            }
            if (token != null && !(token instanceof GapAwareTrackingToken)) {
                throw new RebuildRefused("unsupported_token", "The processor " + processor + " tracks with a "
                        + token.getClass().getSimpleName() + "; a rebuild reads a JDBC store's gap-aware tokens.");
            }
            segments.add(new SegmentToken(Segment.computeSegment(id, ids), (GapAwareTrackingToken) token));
        }
        return new ProcessorCoverage(List.copyOf(segments));
    }

    /** Every event up to {@code head}, for a table written in the command's transaction (no token). */
    static ProcessorCoverage upTo(long head) {
        return new ProcessorCoverage(List.of(new SegmentToken(Segment.ROOT_SEGMENT,
                head < 0 ? null : GapAwareTrackingToken.newInstance(head, java.util.Set.of()))));
    }

    /** Whether the live table holds the event at {@code index} of this aggregate. */
    boolean covers(long index, String aggregateId) {
        for (SegmentToken s : segments) {
            if (s.segment().matches(aggregateId)) {
                return s.token() != null && s.token().getIndex() >= index && !s.token().getGaps().contains(index);
            }
        }
        return false;
    }

    /** Events at or below this index are covered unless a gap says otherwise: the lowest a catch-up must read from. */
    long lowestUncovered() {
        long lowest = Long.MAX_VALUE;
        for (SegmentToken s : segments) {
            long from = s.token() == null ? 0 : s.token().getGaps().isEmpty()
                    ? s.token().getIndex() + 1 : s.token().getGaps().first();
            lowest = Math.min(lowest, from);
        }
        return lowest == Long.MAX_VALUE ? 0 : lowest;
    }

    /** The highest index any segment has reached (-1 when none has started). */
    long highest() {
        return segments.stream().filter(s -> s.token() != null).mapToLong(s -> s.token().getIndex()).max().orElse(-1);
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    /** Whether every segment is at or past where it was in {@code earlier} (no reset happened in between). */
    boolean dominates(ProcessorCoverage earlier) {
        if (earlier.segments.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            GapAwareTrackingToken before = earlier.segments.get(i).token();
            GapAwareTrackingToken now = segments.get(i).token();
            if (before != null && (now == null || now.getIndex() < before.getIndex())) {
                return false;
            }
        }
        return true;
    }
}
