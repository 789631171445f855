package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The observability files hold together: the operator's PrometheusRule carries exactly the plain rules file's groups,
 * every alert has its runbook section, every dashboard panel has queries, and the rules pass {@code promtool check
 * rules} and their unit tests ({@code promtool test rules}), with Debian's promtool (fetched the first time).
 * That the metrics they name exist on a running stack is {@code deploy/observability/check-against-stack.sh}.
 */
class ObservabilityFilesTest {

    private static final Path OBSERVABILITY = Path.of("observability");
    private static final Path RULES = OBSERVABILITY.resolve("prometheus/acp-alerts.rules.yml");

    @Test
    @SuppressWarnings("unchecked")
    void thePrometheusRuleCarriesThePlainRules_andEveryAlertHasARunbookSection() throws IOException {
        Map<String, Object> plain = new Yaml().load(Files.readString(RULES));
        Map<String, Object> operator = new Yaml().load(
                Files.readString(OBSERVABILITY.resolve("prometheus/prometheus-rule.yaml")));
        assertThat(operator.get("kind")).isEqualTo("PrometheusRule");
        assertThat(((Map<String, Object>) operator.get("spec")).get("groups")).isEqualTo(plain.get("groups"));

        String runbook = Files.readString(Path.of("../docs/runbook.md"));
        List<String> alerts = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) plain.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                String alert = (String) rule.get("alert");
                alerts.add(alert);
                Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
                assertThat(annotations.get("runbook")).isEqualTo("docs/runbook.md#" + alert.toLowerCase(Locale.ROOT));
                assertThat(runbook).as(alert).contains("\n## " + alert + "\n");
            }
        }
        assertThat(alerts).contains("AcpCheckoutErrorRate", "AcpCompleteLatencyHigh", "AcpProcessorLag",
                "AcpWebhookBacklogAge", "AcpWebhookParked", "AcpDeadLetters", "AcpStripeErrorRate", "AcpEdgeRefusals");
    }

    @Test
    void everyDashboardPanelQueriesPrometheus() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(
                OBSERVABILITY.resolve("grafana/acp-checkout-dashboard.json").toFile());
        assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(15);
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(panel.path("title").asText()).isNotBlank();
            }
        }
    }

    @Test
    void promtoolChecksTheRules_andTheirUnitTestsPass() throws Exception {
        // Debian's promtool: installed, or fetched into a cache the first time (deploy/k8s/check/tools.sh)
        String promtool = KubernetesManifestsTest.toolPaths().get("PROMTOOL");
        assertThat(run(promtool, "check", "rules", "acp-alerts.rules.yml")).contains("SUCCESS: 10 rules found");
        assertThat(run(promtool, "test", "rules", "acp-alerts.test.yml")).contains("SUCCESS");
    }

    private static String run(String... command) throws Exception {
        var run = KubernetesManifestsTest.run(List.of(command), Map.of(), OBSERVABILITY.resolve("prometheus"));
        System.out.println(run.output());
        assertThat(run.exit()).as(run.output()).isZero();
        return run.output();
    }
}
