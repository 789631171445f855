package org.acpmerchant.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.function.ToDoubleFunction;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The event processors as on-call sees them, one series per processor (a handful per service, no ids): how many
 * events its slowest claimed segment is behind the store's head ({@code acp_processor_lag_events}), how many segments
 * this replica holds and how many of them are failing and retrying ({@code acp_processor_segments{state}}), and whether
 * it is replaying. Read at scrape time; the head is one indexed {@code max(global_index)}.
 */
public class ProcessorMetrics {

    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final ObjectProvider<JdbcTemplate> jdbcProvider;
    private final ObjectProvider<MeterRegistry> metersProvider;
    private JdbcTemplate jdbc;
    private MeterRegistry meters;

    public ProcessorMetrics(ObjectProvider<EventProcessingConfiguration> processing, ObjectProvider<JdbcTemplate> jdbc,
            ObjectProvider<MeterRegistry> meters) {
        this.processing = processing;
        this.jdbcProvider = jdbc;
        this.metersProvider = meters;
    }

    /** Once the application runs (the processors exist then); a service without processors or meters has none. */
    @EventListener(ApplicationReadyEvent.class)
    public void register() {
        EventProcessingConfiguration config = processing.getIfAvailable();
        jdbc = jdbcProvider.getIfAvailable();
        meters = metersProvider.getIfAvailable();
        if (config == null || jdbc == null || meters == null) {
            return;
        }
        config.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                gauge("acp.processor.lag", name, "events", "Events the processor's slowest segment is behind the head",
                        streaming, this::lag);
                segments(name, "claimed", streaming, s -> s.size());
                segments(name, "error", streaming,
                        s -> (int) s.stream().filter(EventTrackerStatus::isErrorState).count());
                gauge("acp.processor.replaying", name, null, "1 while the processor replays",
                        streaming, p -> p.processingStatus().values().stream()
                                .anyMatch(EventTrackerStatus::isReplaying) ? 1 : 0);
            }
        });
    }

    private double lag(StreamingEventProcessor processor) {
        Collection<EventTrackerStatus> statuses = processor.processingStatus().values();
        if (statuses.isEmpty()) {
            return Double.NaN;
        }
        Long head = jdbc.queryForObject("select coalesce(max(global_index), -1) from domain_event_entry", Long.class);
        long slowest = Long.MAX_VALUE;
        for (EventTrackerStatus status : statuses) {
            long position = status.getCurrentPosition().orElse(-1);
            slowest = Math.min(slowest, position);
        }
        return head == null ? 0 : Math.max(0, head - slowest);
    }

    private void segments(String name, String state, StreamingEventProcessor processor,
            ToDoubleFunction<Collection<EventTrackerStatus>> count) {
        Gauge.builder("acp.processor.segments", processor, p -> count.applyAsDouble(p.processingStatus().values()))
                .description("Segments of the processor held by this replica, by state")
                .tag("processor", name).tag("state", state).register(meters);
    }

    private void gauge(String metric, String name, String unit, String description,
            StreamingEventProcessor processor, ToDoubleFunction<StreamingEventProcessor> value) {
        Gauge.Builder<StreamingEventProcessor> builder = Gauge.builder(metric, processor, value)
                .description(description).tag("processor", name);
        if (unit != null) {
            builder.baseUnit(unit);
        }
        builder.register(meters);
    }
}
