package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes manifests, checked offline (issue 12): each overlay rendered by kustomize v2 (Debian's kubectl 1.20)
 * and v5 (a current kubectl, where one is on the PATH) to the same objects; yamllint; every core and
 * Prometheus-operator object validated against the API's schemas by npm's kubernetes-models; every Strimzi and
 * CloudNativePG object against the operators' CRD schemas, unknown fields refused; and our own policy: non-root,
 * read-only root filesystem, no capabilities, seccomp, probes, memory requests equal to limits, pinned images, a
 * disruption budget and a network policy for every service. The tools come from Debian's packages and npm the first
 * time ({@code deploy/k8s/check/tools.sh}, cached in {@code ~/.cache/acp-k8s-tools}); without them the test fails
 * and says which is missing.
 */
class KubernetesManifestsTest {

    static final Path K8S = Path.of("k8s").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> CRD_KINDS = Set.of("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "Cluster");
    static final List<String> SERVICES = List.of("checkout-api", "pricing-service", "payment-service",
            "order-service");

    static Map<String, String> tools;

    /** Each overlay as kustomize v2 renders it, once for all the checks that read it. */
    static final Map<String, List<Map<String, Object>>> RENDERED = new HashMap<>();

    @BeforeAll
    static void tools() throws Exception {
        tools = toolPaths();
        System.out.println("[k8s] tools: " + tools);
    }

    /** The checking tools' paths by name (KUBECTL_V2, KUBECTL_V5, YAMLLINT_PYTHONPATH, PROMTOOL, NODE_MODULES). */
    static Map<String, String> toolPaths() throws Exception {
        Run run = run(List.of("bash", K8S.resolve("check/tools.sh").toString()), Map.of());
        assertThat(run.exit).as("deploy/k8s/check/tools.sh failed:%n%s", run.output).isZero();
        Map<String, String> paths = new HashMap<>();
        run.output.lines().filter(l -> l.matches("[A-Z0-9_]+=.*"))
                .forEach(l -> paths.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return paths;
    }

    static synchronized List<Map<String, Object>> rendered(String overlay) throws Exception {
        List<Map<String, Object>> objects = RENDERED.get(overlay);
        if (objects == null) {
            objects = render(tools.get("KUBECTL_V2"), overlay);
            RENDERED.put(overlay, objects);
        }
        return objects;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kustomizeV2AndV5RenderTheSameObjects(String overlay) throws Exception {
        List<Map<String, Object>> v2 = rendered(overlay);
        assertThat(v2).isNotEmpty();
        String v5 = tools.get("KUBECTL_V5");
        if (v5 == null) {
            System.out.println("[k8s] no kubectl with kustomize v5 on the PATH: " + overlay + " rendered by v2 only");
            return;
        }
        assertThat(normalized(render(v5, overlay))).isEqualTo(normalized(v2));
    }

    @Test
    void yamllintFindsNothing() throws Exception {
        // from deploy/k8s: the configuration's ignore paths (the operators' CRDs) are relative to it
        Run run = run(List.of("python3", "-m", "yamllint", "-f", "parsable", "-c", ".yamllint", "."),
                Map.of("PYTHONPATH", tools.get("YAMLLINT_PYTHONPATH")), K8S);
        assertThat(run.exit).as("yamllint:%n%s", run.output).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyCoreAndMonitoringObjectIsValidForTheApi(String overlay) throws Exception {
        List<Map<String, Object>> objects = rendered(overlay);
        Path file = Files.createDirectories(Path.of("target", "k8s")).resolve(overlay + ".json");
        JSON.writeValue(file.toFile(), objects);
        Run run = run(List.of("node", K8S.resolve("check/validate.mjs").toString(), file.toString()),
                Map.of("NODE_PATH", tools.get("NODE_MODULES")));
        assertThat(run.exit).as("kubernetes-models:%n%s", run.output).isZero();
        Set<String> withoutModel = run.output.lines().filter(l -> l.startsWith("no-model "))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).collect(Collectors.toSet());
        assertThat(withoutModel).as("kinds left to the CRD and ExternalSecret checks")
                .isSubsetOf(union(CRD_KINDS, Set.of("ExternalSecret")));
        assertThat(run.output.lines().filter(l -> l.startsWith("ok ")).count())
                .isEqualTo(objects.stream().filter(o -> !withoutModel.contains(o.get("kind"))).count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyStrimziAndCloudNativePgObjectIsValidForItsCrd(String overlay) throws Exception {
        Map<String, JsonSchema> schemas = crdSchemas();
        List<Map<String, Object>> objects = rendered(overlay).stream()
                .filter(o -> CRD_KINDS.contains(o.get("kind"))).toList();
        assertThat(objects).extracting(o -> o.get("kind")).containsAll(CRD_KINDS);
        for (Map<String, Object> object : objects) {
            String key = object.get("apiVersion") + "/" + object.get("kind");
            assertThat(schemas).as("a CRD schema for %s", key).containsKey(key);
            Set<ValidationMessage> errors = schemas.get(key).validate(JSON.valueToTree(object));
            assertThat(errors).as("%s %s", key, name(object)).isEmpty();
        }
    }

    @Test
    void theCrdCheckRefusesWhatTheOperatorWouldNot() throws Exception {
        Map<String, JsonSchema> schemas = crdSchemas();
        ObjectNode topic = (ObjectNode) JSON.readTree("""
                {"apiVersion":"kafka.strimzi.io/v1","kind":"KafkaTopic","metadata":{"name":"t"},
                 "spec":{"partitions":"twelve","replicaz":3}}""");
        assertThat(schemas.get("kafka.strimzi.io/v1/KafkaTopic").validate(topic)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void testcontainersRunTheVersionsTheProdOverlayDeploys() throws Exception {
        String postgres = Files.readString(Path.of("k8s/platform/postgres.yaml"));
        String kafka = Files.readString(Path.of("k8s/platform/kafka.yaml"));
        String postgresVersion = LocalInfrastructure.POSTGRES_IMAGE.substring(LocalInfrastructure.POSTGRES_IMAGE.indexOf(':') + 1);
        String kafkaVersion = LocalInfrastructure.KAFKA_IMAGE.substring(LocalInfrastructure.KAFKA_IMAGE.indexOf(':') + 1);
        assertThat(postgres).contains("imageName: ghcr.io/cloudnative-pg/postgresql:" + postgresVersion + "\n");
        assertThat(kafka).contains("  kafka:\n    version: " + kafkaVersion + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void externalSecretsAndSecretsCoverWhatThePodsRead(String overlay) throws Exception {
        List<Map<String, Object>> objects = rendered(overlay);
        Map<String, Set<String>> provided = new HashMap<>();
        for (Map<String, Object> o : objects) {
            if (o.get("kind").equals("Secret")) {
                provided.put(name(o), keys(o.get("stringData"), o.get("data")));
            } else if (o.get("kind").equals("ExternalSecret")) {
                JsonNode spec = JSON.valueToTree(o.get("spec"));
                assertThat(spec.at("/secretStoreRef/name").asText()).isNotBlank();
                Set<String> keys = new java.util.HashSet<>();
                spec.path("data").forEach(d -> {
                    assertThat(d.at("/remoteRef/key").asText()).isNotBlank();
                    keys.add(d.path("secretKey").asText());
                });
                provided.put(spec.at("/target/name").asText(), keys);
            }
        }
        // Strimzi's and cert-manager's Secrets are theirs; everything else a pod reads must be provided
        Set<String> operators = Set.of("acp-cluster-ca-cert", "checkout-api", "pricing-service", "payment-service",
                "order-service");
        for (Map<String, Object> deployment : kind(objects, "Deployment")) {
            JsonNode container = JSON.valueToTree(deployment).at("/spec/template/spec/containers/0");
            for (JsonNode env : container.path("env")) {
                JsonNode ref = env.at("/valueFrom/secretKeyRef");
                if (ref.isMissingNode() || operators.contains(ref.path("name").asText())) {
                    continue;
                }
                assertThat(provided.get(ref.path("name").asText()))
                        .as("%s reads secret %s key %s", name(deployment), ref.path("name").asText(),
                                ref.path("key").asText())
                        .isNotNull().contains(ref.path("key").asText());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPodFollowsThePolicy(String overlay) throws Exception {
        List<Map<String, Object>> objects = rendered(overlay);
        List<Map<String, Object>> deployments = kind(objects, "Deployment");
        assertThat(deployments).extracting(KubernetesManifestsTest::name).containsExactlyInAnyOrderElementsOf(SERVICES);
        for (Map<String, Object> deployment : deployments) {
            JsonNode pod = JSON.valueToTree(deployment).at("/spec/template/spec");
            String name = name(deployment);
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as(name + " token").isFalse();
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(name + " non-root").isTrue();
            assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
            long grace = pod.path("terminationGracePeriodSeconds").asLong(30);
            for (JsonNode c : pod.path("containers")) {
                String where = name + "/" + c.path("name").asText();
                assertThat(c.path("image").asText()).as(where + " image").matches(".+:[^:/]+")
                        .doesNotEndWith(":latest");
                assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).as(where + " ro root").isTrue();
                assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
                assertThat(c.at("/securityContext/capabilities/drop").toString()).contains("ALL");
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    assertThat(c.path(probe).isMissingNode()).as(where + " " + probe).isFalse();
                    assertThat(c.at("/" + probe + "/httpGet/port").asText()).as(where + " " + probe + " port")
                            .isEqualTo("management");
                }
                assertThat(c.at("/resources/requests/memory").asText()).as(where + " memory request = limit")
                        .isNotBlank().isEqualTo(c.at("/resources/limits/memory").asText());
                assertThat(c.at("/resources/requests/cpu").asText()).as(where + " cpu request").isNotBlank();
                assertThat(c.at("/lifecycle/preStop").isMissingNode()).as(where + " preStop").isFalse();
                assertThat(grace).as(where + " grace period > preStop 10 s + Spring's shutdown 20 s").isGreaterThan(30);
                assertThat(c.path("volumeMounts").toString()).as(where + " writable /tmp").contains("\"/tmp\"");
                assertThat(c.path("env").toString()).as(where + " prod profile")
                        .contains("\"SPRING_PROFILES_ACTIVE\"", "\"prod\"");
            }
        }
        for (String service : SERVICES) {
            assertThat(kind(objects, "PodDisruptionBudget")).as("PDB of " + service)
                    .anyMatch(p -> name(p).equals(service));
            assertThat(kind(objects, "NetworkPolicy")).as("a network policy that selects " + service)
                    .anyMatch(p -> JSON.valueToTree(p).at("/spec/podSelector/matchLabels").toString()
                            .contains(service));
        }
        assertThat(kind(objects, "NetworkPolicy")).as("default deny")
                .anyMatch(p -> JSON.valueToTree(p).at("/spec/podSelector").isEmpty()
                        && JSON.valueToTree(p).at("/spec/policyTypes").toString().contains("Egress"));
        JsonNode ingress = JSON.valueToTree(kind(objects, "Ingress").get(0));
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isNotBlank();
        Set<String> backends = new java.util.TreeSet<>();
        ingress.at("/spec/rules/0/http/paths")
                .forEach(p -> backends.add(p.at("/backend/service/name").asText() + " " + p.path("path").asText()));
        assertThat(backends).as("only the agents' paths and Stripe's webhook are public")
                .allMatch(b -> b.startsWith("checkout-api /") && !b.contains("/ops") && !b.contains("/actuator")
                        || b.equals("payment-service /stripe/webhooks"));
    }

    // --- rendering and comparing

    static List<Map<String, Object>> render(String kubectl, String overlay) throws Exception {
        Run run = run(List.of(kubectl, "kustomize", K8S.resolve("overlays/" + overlay).toString()), Map.of());
        assertThat(run.exit).as("%s kustomize %s:%n%s", kubectl, overlay, run.output).isZero();
        List<Map<String, Object>> objects = new ArrayList<>();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        String documents = run.output.lines().filter(l -> !l.startsWith("# Warning:"))
                .collect(Collectors.joining("\n"));
        for (Object document : yaml.loadAll(documents)) {
            if (document != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) document;
                objects.add(object);
            }
        }
        return objects;
    }

    /**
     * Objects by kind and name, generated names' hash suffixes removed (the two versions hash differently), empty
     * maps dropped and named list items in name order (the versions merge patches in different orders).
     */
    static Map<String, JsonNode> normalized(List<Map<String, Object>> objects) throws IOException {
        String text = JSON.writeValueAsString(objects).replaceAll("(-config)-[a-z0-9]{10}\"", "$1\"");
        Map<String, JsonNode> byName = new TreeMap<>();
        for (JsonNode object : JSON.readTree(text)) {
            byName.put(object.path("kind").asText() + "/" + object.at("/metadata/name").asText(), canonical(object));
        }
        return byName;
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            new TreeMap<String, JsonNode>(toMap(node)).forEach((k, v) -> {
                JsonNode c = canonical(v);
                if (!(c.isObject() && c.isEmpty())) {
                    out.set(k, c);
                }
            });
            return out;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(i -> items.add(canonical(i)));
            if (items.stream().allMatch(i -> i.has("name"))) {
                items.sort((a, b) -> a.path("name").asText().compareTo(b.path("name").asText()));
            }
            ArrayNode out = JSON.createArrayNode();
            items.forEach(out::add);
            return out;
        }
        return node;
    }

    private static Map<String, JsonNode> toMap(JsonNode node) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }

    // --- CRD schemas

    /** apiVersion/kind to the CRD's schema, with unknown fields refused where the schema lists its properties. */
    static Map<String, JsonSchema> crdSchemas() throws IOException {
        Map<String, JsonSchema> schemas = new HashMap<>();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        try (Stream<Path> files = Files.walk(K8S.resolve("check/crds"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                JsonNode crd = JSON.valueToTree(yaml.load(Files.readString(file)));
                String group = crd.at("/spec/group").asText();
                String kind = crd.at("/spec/names/kind").asText();
                for (JsonNode version : crd.at("/spec/versions")) {
                    ObjectNode schema = (ObjectNode) version.at("/schema/openAPIV3Schema").deepCopy();
                    strict(schema);
                    schemas.put(group + "/" + version.path("name").asText() + "/" + kind,
                            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema));
                }
            }
        }
        return schemas;
    }

    /** Like the API server's strict field validation: an object schema that lists properties allows no others. */
    private static void strict(JsonNode schema) {
        if (!schema.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) schema;
        if (object.has("properties") && !object.has("additionalProperties")
                && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            object.put("additionalProperties", false);
        }
        object.remove("x-kubernetes-int-or-string");
        object.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                strict(e.getValue());
            } else if (e.getValue().isArray()) {
                e.getValue().forEach(KubernetesManifestsTest::strict);
            }
        });
        if (object.has("properties")) {
            object.path("properties").fields().forEachRemaining(e -> strict(e.getValue()));
        }
    }

    // --- helpers

    static List<Map<String, Object>> kind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    @SuppressWarnings("unchecked")
    static String name(Map<String, Object> object) {
        return String.valueOf(((Map<String, Object>) object.get("metadata")).get("name"));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> keys(Object... maps) {
        Set<String> keys = new java.util.HashSet<>();
        for (Object map : maps) {
            if (map instanceof Map<?, ?> m) {
                keys.addAll((Set<String>) m.keySet());
            }
        }
        return keys;
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    record Run(int exit, String output) {}

    static Run run(List<String> command, Map<String, String> env) throws Exception {
        return run(command, env, Path.of("."));
    }

    static Run run(List<String> command, Map<String, String> env, Path directory) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(directory.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return new Run(-1, output + "\n(timed out)");
        }
        return new Run(process.exitValue(), output);
    }
}
