package dev.janus.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ops/: the Prometheus configuration and alert rules as promtool sees them, the scrape jobs against
 * the services' ports, and the Grafana provisioning and dashboards.
 */
class PrometheusAndGrafanaTests {

    @Nested
    class Prometheus {

        @Test
        void alertRulesPassPromtool() {
            Promtool.Result result = Promtool.required().run(null, "check", "rules", "ops/prometheus/alerts.yml");

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("SUCCESS");
        }

        @Test
        void alertRulesFireAsTheirUnitTestsExpect() {
            Promtool.Result result = Promtool.required().run(null, "test", "rules", "ops/prometheus/alerts-tests.yml");

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("SUCCESS");
        }

        @Test
        void configurationPassesPromtool() {
            Promtool.Result result = Promtool.required().run(null, "check", "config", "ops/prometheus/prometheus.yml");

            assertThat(result.exitCode()).as(result.output()).isZero();
        }

        @Test
        void alertsOnDeadLettersLagBreakersErrorsInstancesFallbacksReplyLatencyAndRedisMemoryWithARunbookEach() {
            List<String> alerts = new ArrayList<>();
            for (Object group : (List<?>) RepositoryFiles.yaml("ops/prometheus/alerts.yml").get("groups")) {
                for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                    alerts.add(String.valueOf(((Map<?, ?>) rule).get("alert")));
                }
            }

            assertThat(alerts).contains("JanusDeadLetterQueueGrowing", "JanusStreamLagRising", "JanusCircuitBreakerOpen",
                    "JanusEventErrorRate", "JanusInstanceDown", "JanusLlmFallbackRate", "JanusReplyLatencyHigh",
                    "JanusRedisMemoryHigh");
            // each has a runbook in the README
            String readme = RepositoryFiles.read("README.md");
            for (String alert : alerts) {
                assertThat(readme).as("runbook of " + alert).contains("**" + alert + "**");
            }
        }

        @Test
        void scrapesEveryComponentOnItsPortAndPrometheusPath() {
            Map<String, Map<?, ?>> jobs = new java.util.HashMap<>();
            for (Object job : (List<?>) RepositoryFiles.yaml("ops/prometheus/prometheus.yml").get("scrape_configs")) {
                jobs.put(String.valueOf(((Map<?, ?>) job).get("job_name")), (Map<?, ?>) job);
            }

            for (ServiceConfig service : ServiceConfig.all()) {
                Map<?, ?> job = jobs.get(service.module());
                assertThat(job).as("scrape job " + service.module()).isNotNull();
                assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
                Map<?, ?> discovery = (Map<?, ?>) ((List<?>) job.get("dns_sd_configs")).get(0);
                assertThat(discovery.get("names")).isEqualTo(List.of(service.module()));
                assertThat(discovery.get("port")).isEqualTo(service.port());
            }
        }
    }

    @Nested
    class Grafana {

        private final JsonMapper json = JsonMapper.builder().build();

        @ParameterizedTest
        @ValueSource(strings = {"janus-overview", "janus-conversation", "janus-voice"})
        void provisionsTheDashboardWithQueriesOnThePrometheusDatasource(String name) {
            JsonNode dashboard = json.readTree(RepositoryFiles.read("ops/grafana/dashboards/" + name + ".json"));
            String datasource = datasourceUid("Prometheus");

            assertThat(dashboard.path("uid").asString()).isEqualTo(name);
            List<JsonNode> panels = new ArrayList<>();
            dashboard.path("panels").forEach(panels::add);
            List<JsonNode> queryPanels = panels.stream().filter(panel -> !panel.path("type").asString().equals("row")).toList();
            assertThat(queryPanels).hasSizeGreaterThanOrEqualTo(5).allSatisfy(panel -> {
                assertThat(panel.path("title").asString()).isNotBlank();
                assertThat(panel.path("datasource").path("uid").asString()).isEqualTo(datasource);
                assertThat(panel.path("targets").size()).isPositive();
                panel.path("targets").forEach(target -> assertThat(target.path("expr").asString()).isNotBlank());
            });
        }

        @Test
        void overviewShowsEventsErrorsLatencyLagAndDeadLetters() {
            String overview = RepositoryFiles.read("ops/grafana/dashboards/janus-overview.json");

            assertThat(overview).contains("rate(janus_events_total", "janus_event_processing_seconds_bucket",
                    "\"heatmap\"", "janus_stream_lag", "janus_dlq_size", "resilience4j_circuitbreaker_state");
        }

        @Test
        void loadsTheDashboardsFolderComposeMounts() {
            Map<String, Object> provider = DockerComposeTests.map(((List<?>) RepositoryFiles
                    .yaml("ops/grafana/provisioning/dashboards/janus.yml").get("providers")).get(0));

            assertThat(DockerComposeTests.map(provider.get("options"))).containsEntry("path", "/var/lib/grafana/dashboards");
        }

        private String datasourceUid(String name) {
            for (Object source : (List<?>) RepositoryFiles.yaml("ops/grafana/provisioning/datasources/janus.yml")
                    .get("datasources")) {
                Map<?, ?> map = (Map<?, ?>) source;
                if (name.equals(map.get("name"))) {
                    assertThat(String.valueOf(map.get("url"))).isEqualTo("http://prometheus:9090");
                    return String.valueOf(map.get("uid"));
                }
            }
            throw new AssertionError("no datasource " + name);
        }
    }
}
