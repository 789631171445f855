package org.acpmerchant.orders.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.acpmerchant.orders.order.query.AcpOrderDocument;
import org.acpmerchant.platform.ops.StoredEvents;
import org.junit.jupiter.api.Test;

class OpsAuditTest {

    static AuditSource source(String name, String... events) {
        return new AuditSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<JsonNode> eventsOfSession(String sessionId, String authorization) throws Exception {
                if (events.length == 0) {
                    throw new IllegalStateException("connection refused");
                }
                List<JsonNode> nodes = new java.util.ArrayList<>();
                for (String event : events) {
                    nodes.add(AcpOrderDocument.JSON.readTree(event));
                }
                return nodes;
            }
        };
    }

    static final StoredEvents NONE = new StoredEvents() {
        @Override
        public List<StoredEvent> byAggregate(String aggregateId, int limit) {
            return List.of();
        }

        @Override
        public List<StoredEvent> bySession(String sessionId, int limit) {
            return List.of();
        }
    };

    @Test
    void mergesSourcesByTime_redactsTokens_reportsFailingSources_andExports() {
        OpsAudit audit = new OpsAudit(List.of(
                source("checkout", """
                        {"global_index":1,"event_id":"e1","type":"PaymentRequested","aggregate_id":"cs_1","sequence":3,
                         "timestamp":"2026-04-20T10:00:01.5Z","metadata":{"actor":"agent:a","requestId":"=1+2"},
                         "payload":{"sessionId":"cs_1","credentialToken":"spt_secret","nested":[{"token":"spt_x"}]}}""",
                        """
                        {"global_index":2,"event_id":"e2","type":"SessionCreated","aggregate_id":"cs_1","sequence":0,
                         "timestamp":"2026-04-20T10:00:00Z","metadata":{"actor":"agent:a"},"payload":{"note":"a, \\"b\\""}}"""),
                source("payment", """
                        {"global_index":7,"event_id":"e3","type":"payment.PaymentAuthorized","aggregate_id":"pay_1",
                         "sequence":0,"timestamp":"2026-04-20T10:00:01Z","metadata":{"correlationId":"cs_1",
                         "causationId":"e1"},"payload":{"token":"spt_secret"}}"""),
                source("pricing")), NONE);

        OpsAudit.Timeline timeline = audit.timeline("cs_1", "Bearer t");

        assertThat(timeline.entries()).extracting(e -> e.path("event_id").asText()).containsExactly("e2", "e3", "e1");
        assertThat(timeline.sources()).containsEntry("checkout", "ok (2 events)")
                .containsEntry("pricing", "error: connection refused");
        assertThat(timeline.entries().get(1).path("causation_id").asText()).isEqualTo("e1");
        String everything = OpsAudit.jsonl(timeline) + OpsAudit.csv(timeline);
        assertThat(everything).doesNotContain("spt_secret").doesNotContain("spt_x").contains("[redacted]");
        assertThat(OpsAudit.jsonl(timeline).split("\n")).hasSize(3);
        String[] csv = OpsAudit.csv(timeline).split("\r\n");
        assertThat(csv).hasSize(4);
        assertThat(csv[1]).startsWith("2026-04-20T10:00:00Z,checkout,SessionCreated,cs_1,0,agent:a,,,,e2,")
                .endsWith("\"{\"\"note\"\":\"\"a, \\\"\"b\\\"\"\"\"}\"");
        assertThat(csv[3]).as("an agent's request id cannot become a spreadsheet formula").contains(",'=1+2,")
                .contains(",3,");
    }
}
