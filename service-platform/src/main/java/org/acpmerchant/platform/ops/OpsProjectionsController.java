package org.acpmerchant.platform.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.acpmerchant.platform.ops.rebuild.ProjectionRebuilder;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replays a tracking processor while the service runs: {@code POST /ops/projections/{name}/replay} stops it, resets
 * its tokens (its {@code @ResetHandler} clears the projection) and starts it again; {@code GET /ops/projections/{name}}
 * reports its position against the event store's head, whether it is replaying, and the last replay's events/s.
 * Only processors listed in {@code acp.ops.replayable-processors} can be replayed. With several instances, the
 * processor's segments must be released elsewhere first (the reset needs every token claimed here).
 */
@RestController
public class OpsProjectionsController {

    /** A replay's start and, once the processor caught up, its end. */
    record Run(Instant startedAt, long head, Instant finishedAt, long finishedAtPosition) {}

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final List<String> replayable;
    private final Clock clock;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> busy = new ConcurrentHashMap<>();

    private final ProjectionRebuilder rebuilder;

    public OpsProjectionsController(EventProcessingConfiguration processing, JdbcTemplate jdbc, List<String> replayable,
            Clock clock, ProjectionRebuilder rebuilder) {
        this.rebuilder = rebuilder;
        this.processing = processing;
        this.jdbc = jdbc;
        this.replayable = List.copyOf(replayable);
        this.clock = clock;
    }

    /** Every replayable processor of this service with its status. */
    @GetMapping("/ops/projections")
    public List<Map<String, Object>> list() {
        return replayable.stream().flatMap(name -> processor(name).map(p -> status(name, p)).stream()).toList();
    }

    @GetMapping("/ops/projections/{name}")
    public ResponseEntity<Map<String, Object>> status(@PathVariable String name) {
        return processor(name).map(p -> ResponseEntity.ok(status(name, p)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(error("not_found", "No such processor.")));
    }

    @PostMapping("/ops/projections/{name}/replay")
    public ResponseEntity<Map<String, Object>> replay(@PathVariable String name) {
        Optional<TrackingEventProcessor> found = processor(name);
        if (found.isEmpty() || !replayable.contains(name)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(error("not_found", "No replayable processor " + name + "."));
        }
        AtomicBoolean guard = busy.computeIfAbsent(name, n -> new AtomicBoolean());
        if (!guard.compareAndSet(false, true)) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(error("replay_in_progress", "A reset is under way."));
        }
        TrackingEventProcessor processor = found.get();
        try {
            processor.shutDown();
            try {
                processor.resetTokens();
                runs.put(name, new Run(clock.instant(), head(), null, -1));
            } finally {
                processor.start();
            }
        } catch (RuntimeException e) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(error("reset_refused",
                    "The processor's tokens could not be reset (claimed elsewhere?): " + e.getMessage()));
        } finally {
            guard.set(false);
        }
        Thread watcher = new Thread(() -> watch(name, processor), "replay-watch-" + name);
        watcher.setDaemon(true);
        watcher.start();
        return ResponseEntity.accepted().body(status(name, processor));
    }

    /** Notes when the processor caught up with the head it had at the reset, for the events/s figure. */
    private void watch(String name, TrackingEventProcessor processor) {
        Run run = runs.get(name);
        while (run != null && runs.get(name) == run && !Thread.currentThread().isInterrupted()) {
            long position = position(processor);
            if (position >= run.head() && !processor.isReplaying()) {
                runs.replace(name, run, new Run(run.startedAt(), run.head(), clock.instant(), position));
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Map<String, Object> status(String name, TrackingEventProcessor processor) {
        Map<String, Object> status = new LinkedHashMap<>();
        long position = position(processor);
        long head = head();
        status.put("name", name);
        status.put("running", processor.isRunning());
        status.put("replaying", processor.isReplaying());
        status.put("position", position);
        status.put("head", head);
        status.put("behind", Math.max(0, head - position));
        boolean rebuildable = rebuilder != null && rebuilder.names().contains(name);
        status.put("rebuildable", rebuildable);
        if (rebuildable) {
            rebuilder.status(name).ifPresent(r -> status.put("rebuild", r));
        }
        Run run = runs.get(name);
        if (run != null) {
            Instant end = run.finishedAt() == null ? clock.instant() : run.finishedAt();
            long done = run.finishedAt() == null ? Math.min(position, run.head()) : run.head();
            double seconds = Math.max(Duration.between(run.startedAt(), end).toNanos() / 1e9, 1e-3);
            Map<String, Object> replay = new LinkedHashMap<>();
            replay.put("started_at", run.startedAt().toString());
            replay.put("finished_at", run.finishedAt() == null ? null : run.finishedAt().toString());
            replay.put("target", run.head());
            replay.put("events_per_second", Math.round(Math.max(done, 0) / seconds * 10) / 10.0);
            status.put("last_replay", replay);
        }
        return status;
    }

    private Optional<TrackingEventProcessor> processor(String name) {
        return processing.eventProcessor(name, TrackingEventProcessor.class);
    }

    private static long position(TrackingEventProcessor processor) {
        return processor.processingStatus().values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(p -> p.isPresent() ? p.getAsLong() : -1)
                .min().orElse(-1);
    }

    private long head() {
        Long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return head == null ? -1 : head;
    }

    private static Map<String, Object> error(String code, String message) {
        return Map.of("type", "invalid_request", "code", code, "message", message);
    }
}
