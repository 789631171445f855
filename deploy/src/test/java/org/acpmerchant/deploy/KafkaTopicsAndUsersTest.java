package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.acpmerchant.events.Topics;
import org.acpmerchant.platform.PlatformConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The cluster's Strimzi topics and users ({@code deploy/k8s/platform}) say what the code does: every topic in
 * {@link Topics} exists with its dead-letter topic, and each service's user may write the topics it owns (its
 * {@code acp.platform.owned-topics}) and asks or answers on, read every topic its {@code @KafkaListener}s read and
 * write their dead-letter topics. A topic moved in the code and not in the manifests would leave a service refused
 * by the broker on a real cluster, where the local stack, which has no ACLs, would not show it.
 */
class KafkaTopicsAndUsersTest {

    static final Path PLATFORM = Path.of("k8s", "platform");
    static final String DLT = PlatformConfiguration.DEAD_LETTER_SUFFIX;

    /** What a service sends outside its owned topics: the quote request/reply pair. */
    static final Map<String, Set<String>> ALSO_WRITES = Map.of(
            "checkout-api", Set.of(Topics.QUOTE_REQUESTS), "pricing-service", Set.of(Topics.QUOTE_REPLIES));
    /** What a service reads outside its {@code @KafkaListener}s: checkout-api's reply container. */
    static final Map<String, Set<String>> ALSO_READS = Map.of("checkout-api", Set.of(Topics.QUOTE_REPLIES));

    record Acl(String topic, Set<String> operations) {}

    @BeforeAll
    static void importServices() {
        AsyncApiDocumentTest.importServices();
    }

    @Test
    void everyTopicExists_andEveryServiceMayDoWhatItsCodeDoes() throws Exception {
        assertThat(problems(topicNames(), users())).isEmpty();
    }

    @Test
    void aMissingTopicOrPermissionWouldBeSeen() throws Exception {
        Set<String> topics = topicNames();
        topics.remove(Topics.ORDER_REQUESTS + DLT);
        Map<String, List<Acl>> users = users();
        users.get("pricing-service").removeIf(acl -> acl.topic().equals(Topics.STOCK_REQUESTS));
        users.get("checkout-api").removeIf(acl -> acl.topic().equals(Topics.PAYMENT_REQUESTS));

        assertThat(problems(topics, users)).containsExactlyInAnyOrder(
                "no KafkaTopic " + Topics.ORDER_REQUESTS + DLT,
                "pricing-service may not Read " + Topics.STOCK_REQUESTS,
                "checkout-api may not Write " + Topics.PAYMENT_REQUESTS);
    }

    static List<String> problems(Set<String> topics, Map<String, List<Acl>> users) throws Exception {
        List<String> problems = new ArrayList<>();
        for (String topic : declaredTopics()) {
            for (String name : List.of(topic, topic + DLT)) {
                if (!topics.contains(name)) {
                    problems.add("no KafkaTopic " + name);
                }
            }
        }
        Map<String, Set<String>> listened = AsyncApiDocumentTest.listenedTopics();
        for (String service : AsyncApiDocumentTest.SERVICES.keySet()) {
            List<Acl> acls = users.getOrDefault(service, List.of());
            Set<String> writes = new TreeSet<>(ownedTopics(service));
            writes.addAll(ALSO_WRITES.getOrDefault(service, Set.of()));
            Set<String> reads = new TreeSet<>(listened.getOrDefault(service, Set.of()));
            reads.addAll(ALSO_READS.getOrDefault(service, Set.of()));
            assertThat(reads).as(service + " reads something").isNotEmpty();
            for (String topic : reads) {
                writes.add(topic + DLT);
                require(problems, service, acls, topic, "Read");
            }
            writes.forEach(topic -> require(problems, service, acls, topic, "Write"));
        }
        return problems;
    }

    private static void require(List<String> problems, String service, List<Acl> acls, String topic, String op) {
        if (acls.stream().noneMatch(acl -> acl.topic().equals(topic) && acl.operations().contains(op))) {
            problems.add(service + " may not " + op + " " + topic);
        }
    }

    /** The public topic names in {@link Topics}. */
    static Set<String> declaredTopics() throws IllegalAccessException {
        Set<String> names = new TreeSet<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                names.add((String) field.get(null));
            }
        }
        assertThat(names).contains(Topics.CHECKOUT_EVENTS, Topics.STOCK_REQUESTS, Topics.QUOTE_REPLIES);
        return names;
    }

    /** {@code acp.platform.owned-topics} of the service's own configuration file (its documents without a profile). */
    @SuppressWarnings("unchecked")
    static List<String> ownedTopics(String service) throws IOException {
        try (InputStream in = KafkaTopicsAndUsersTest.class.getResourceAsStream("/" + service + ".yml")) {
            assertThat(in).as(service + ".yml on the class path").isNotNull();
            List<String> owned = new ArrayList<>();
            for (Object doc : yaml().loadAll(in)) {
                if (doc instanceof Map<?, ?> config && config.get("acp") instanceof Map<?, ?> acp
                        && acp.get("platform") instanceof Map<?, ?> platform
                        && platform.get("owned-topics") instanceof List<?> topics) {
                    owned.addAll((List<String>) topics);
                }
            }
            assertThat(owned).as(service + " owns a topic").isNotEmpty();
            return owned;
        }
    }

    @SuppressWarnings("unchecked")
    static Set<String> topicNames() throws IOException {
        Set<String> names = new HashSet<>();
        for (Map<String, Object> doc : documents("kafka-topics.yaml")) {
            assertThat(doc.get("kind")).isEqualTo("KafkaTopic");
            names.add((String) ((Map<String, Object>) doc.get("spec")).get("topicName"));
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    static Map<String, List<Acl>> users() throws IOException {
        Map<String, List<Acl>> users = new TreeMap<>();
        for (Map<String, Object> doc : documents("kafka-users.yaml")) {
            assertThat(doc.get("kind")).isEqualTo("KafkaUser");
            String name = (String) ((Map<String, Object>) doc.get("metadata")).get("name");
            Map<String, Object> authorization = (Map<String, Object>) ((Map<String, Object>) doc.get("spec"))
                    .get("authorization");
            List<Acl> acls = new ArrayList<>();
            for (Map<String, Object> acl : (List<Map<String, Object>>) authorization.get("acls")) {
                Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
                if ("topic".equals(resource.get("type")) && "literal".equals(resource.get("patternType"))) {
                    acls.add(new Acl((String) resource.get("name"),
                            Set.copyOf((List<String>) acl.get("operations"))));
                }
            }
            users.put(name, acls);
        }
        return users;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(String file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : yaml().loadAll(Files.readString(PLATFORM.resolve(file)))) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        assertThat(docs).as(file).isNotEmpty();
        return docs;
    }

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }
}
