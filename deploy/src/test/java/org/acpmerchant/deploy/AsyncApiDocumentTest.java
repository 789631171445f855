package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.acpmerchant.events.EventTypes;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.annotation.KafkaListener;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docs/asyncapi.yaml} is the map of every Kafka topic and message between the services, and it stays true:
 * this test reads the four services' classes (who constructs which integration event, who checks for which with
 * {@code instanceof} or names its class, which topics each {@code @KafkaListener} reads), builds the AsyncAPI 3.0 document from them and
 * {@link EventTypes}, and fails when the file differs: a published or consumed event type missing from it, a consumer
 * or a field that changed. It also fails when a service handles a type on a topic it does not listen to, when an event
 * is published by a service other than its context's, when a message has no description here, and when the document
 * is not valid AsyncAPI 3.0.0. {@code -Dasyncapi.write=true} rewrites the file (then review the diff).
 */
class AsyncApiDocumentTest {

    static final Path DOCUMENT = Path.of("..", "docs", "asyncapi.yaml");
    static final Map<String, String> SERVICES = Map.of(
            "checkout-api", "org.acpmerchant.checkout", "pricing-service", "org.acpmerchant.pricing",
            "payment-service", "org.acpmerchant.payment", "order-service", "org.acpmerchant.orders");
    static final Map<String, String> CONTEXTS = Map.of(
            "checkout", "checkout-api", "pricing", "pricing-service", "payment", "payment-service",
            "order", "order-service");
    static final Map<String, String> CHANNELS = Map.of(
            Topics.CHECKOUT_EVENTS, "checkoutEvents", Topics.STOCK_REQUESTS, "stockRequests",
            Topics.PAYMENT_REQUESTS, "paymentRequests", Topics.ORDER_REQUESTS, "orderRequests",
            Topics.PRICING_EVENTS, "pricingEvents",
            Topics.PAYMENT_EVENTS, "paymentEvents", Topics.ORDER_EVENTS, "orderEvents",
            Topics.QUOTE_REQUESTS, "quoteRequests", Topics.QUOTE_REPLIES, "quoteReplies");
    static final Map<String, String> CHANNEL_TEXT = Map.of(
            Topics.CHECKOUT_EVENTS, "Where checkout-api published its requests to the other services before"
                    + " ADR 0057. Nothing is published here now; the services still read it, for requests an earlier"
                    + " release left on it.",
            Topics.STOCK_REQUESTS, "What checkout-api asks of pricing-service during a completion attempt: hold the"
                    + " cart's units, or give them back. Written by checkout-api's outbox relay; keyed by session id.",
            Topics.PAYMENT_REQUESTS, "What checkout-api asks of payment-service during a completion attempt: authorize"
                    + " the delegated token, or void the authorization. Written by checkout-api's outbox relay; keyed"
                    + " by session id.",
            Topics.ORDER_REQUESTS, "What checkout-api asks of order-service: create the order of a paid attempt."
                    + " Written by checkout-api's outbox relay; keyed by session id.",
            Topics.PRICING_EVENTS, "pricing-service's answers about stock: reserved, rejected, released, committed.",
            Topics.PAYMENT_EVENTS, "payment-service's outcomes with Stripe: authorization, capture, void, refunds,"
                    + " disputes.",
            Topics.ORDER_EVENTS, "order-service's orders: created or rejected, canceled, items released, refunds"
                    + " requested.",
            Topics.QUOTE_REQUESTS, "Request/reply: checkout-api asks pricing-service to price a cart (create and update"
                    + " wait for the answer). The reply goes to the topic in the request's reply header.",
            Topics.QUOTE_REPLIES, "Request/reply: pricing-service's authoritative price of a cart, back to the"
                    + " checkout-api instance that asked (matched by correlation id).");

    /** What each message means; a published type without a line here fails the test. */
    static final Map<String, String> MEANING = Map.ofEntries(
            Map.entry("checkout.StockReservationRequested", "Hold the cart's units (and usage-limited discount codes) for a completion attempt."),
            Map.entry("checkout.StockReleaseRequested", "Give back what a failed or abandoned attempt held."),
            Map.entry("checkout.PaymentRequested", "Authorize the delegated payment token for the attempt's total (3DS result included when the agent sent one)."),
            Map.entry("checkout.PaymentVoidRequested", "Void the attempt's authorization: the order could not be made or the attempt was abandoned."),
            Map.entry("checkout.OrderRequested", "Create the order: lines, totals, buyer and fulfillment details, the payment and the reservation it rests on."),
            Map.entry("pricing.StockReserved", "The units are held until the reservation's expiry."),
            Map.entry("pricing.StockReservationRejected", "Nothing was held: the shortages, or the discount codes with no use left."),
            Map.entry("pricing.StockReleased", "A reservation's units are back on sale."),
            Map.entry("pricing.StockCommitted", "A reservation became an order's: its units are sold."),
            Map.entry("payment.PaymentAuthorized", "Stripe authorized the amount; capture follows the order."),
            Map.entry("payment.PaymentDeclined", "The card was declined; the message is the buyer-facing text."),
            Map.entry("payment.PaymentAuthenticationRequired", "Stripe needs 3D Secure; the agent must send an authentication result."),
            Map.entry("payment.PaymentFailed", "The payment could not be attempted (Stripe or the token failed, not the card)."),
            Map.entry("payment.PaymentCaptured", "The authorized amount was captured for the order."),
            Map.entry("payment.PaymentVoided", "The authorization was voided; nothing will be charged."),
            Map.entry("payment.PaymentCaptureFailed", "Capture failed; the order is held for review."),
            Map.entry("payment.PaymentRefunded", "A refund reached Stripe and succeeded."),
            Map.entry("payment.PaymentRefundFailed", "A refund was refused or failed at Stripe."),
            Map.entry("payment.PaymentDisputed", "The buyer disputed the charge at their bank."),
            Map.entry("order.OrderCreated", "The order exists: payment captures, pricing commits the stock, checkout completes the session."),
            Map.entry("order.OrderRejected", "The order could not be made; checkout compensates."),
            Map.entry("order.OrderCanceled", "The merchant canceled the order: void or refund the payment."),
            Map.entry("order.OrderItemsReleased", "Canceled or returned units go back on hand."),
            Map.entry("order.RefundRequested", "Refund this amount of the order's payment (ops or merchant)."));

    static JavaClasses classes;

    @BeforeAll
    static void importServices() {
        // not the services' test classes: from a module's directory (DO_NOT_INCLUDE_TESTS) nor from its test jar
        // (checkout-api's PricingResponder, a stand-in for pricing-service, would read the quote requests)
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages(java.util.stream.Stream.concat(SERVICES.values().stream(),
                        java.util.stream.Stream.of("org.acpmerchant.events")).toArray(String[]::new));
    }

    static String serviceOf(JavaClass c) {
        return SERVICES.entrySet().stream().filter(e -> c.getPackageName().startsWith(e.getValue()))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** event type → services that construct it. */
    static Map<EventTypes, Set<String>> publishers() {
        Map<EventTypes, Set<String>> found = new TreeMap<>();
        for (EventTypes t : EventTypes.values()) {
            Set<String> services = new TreeSet<>();
            for (JavaConstructorCall call : classes.get(t.type()).getConstructorCallsToSelf()) {
                String service = serviceOf(call.getOriginOwner());
                if (service != null) {
                    services.add(service);
                }
            }
            found.put(t, services);
        }
        return found;
    }

    /**
     * event type → services that handle it: an {@code instanceof} check in their code, or the type's class named in
     * it (a listener's {@code EventHandlers.builder().on(PaymentRequested.class, ...)}).
     */
    static Map<EventTypes, Set<String>> consumers() {
        Map<EventTypes, Set<String>> found = new TreeMap<>();
        for (EventTypes t : EventTypes.values()) {
            Set<String> services = new TreeSet<>();
            Stream.concat(
                    classes.get(t.type()).getInstanceofChecksWithTypeOfSelf().stream()
                            .map(check -> check.getOwner().getOwner()),
                    classes.stream().filter(c -> c.getReferencedClassObjects().stream()
                            .anyMatch(ref -> ref.getRawType().isEquivalentTo(t.type()))))
                    .forEach(owner -> {
                        String service = serviceOf(owner);
                        if (service != null && !service.equals(publisherOf(t))) {
                            services.add(service);
                        }
                    });
            found.put(t, services);
        }
        return found;
    }

    /** service → the topics its {@code @KafkaListener}s read. */
    static Map<String, Set<String>> listenedTopics() {
        Map<String, Set<String>> found = new TreeMap<>();
        for (JavaClass c : classes) {
            String service = serviceOf(c);
            for (JavaMethod m : c.getMethods()) {
                if (service != null && m.isAnnotatedWith(KafkaListener.class)) {
                    found.computeIfAbsent(service, s -> new TreeSet<>())
                            .addAll(List.of(m.getAnnotationOfType(KafkaListener.class).topics()));
                }
            }
        }
        return found;
    }

    static String publisherOf(EventTypes t) {
        return CONTEXTS.get(t.wireName().substring(0, t.wireName().indexOf('.')));
    }

    @Test
    void everyEventIsPublishedByItsContextsService_andHasAMeaning() {
        publishers().forEach((t, services) -> assertThat(services).as(t.wireName()).containsExactly(publisherOf(t)));
        assertThat(MEANING.keySet()).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(EventTypes.values()).map(EventTypes::wireName).toList());
    }

    @Test
    void everyServiceListensToTheTopicOfEachEventItHandles() {
        Map<String, Set<String>> listened = listenedTopics();
        consumers().forEach((t, services) -> services.forEach(service -> assertThat(listened.get(service))
                .as(service + " handles " + t.wireName()).contains(t.topic())));
        assertThat(listened.get("pricing-service")).contains(Topics.QUOTE_REQUESTS);
        // requests an earlier release left on the old shared topic are still read after an upgrade (ADR 0057)
        for (String service : List.of("pricing-service", "payment-service", "order-service")) {
            assertThat(listened.get(service)).as(service).contains(Topics.CHECKOUT_EVENTS);
        }
    }

    @Test
    void theDocumentIsValidAsyncApi_andSaysWhatTheCodeDoes() throws Exception {
        String generated = document();
        ObjectMapper json = new ObjectMapper();
        JsonNode tree = json.valueToTree(new Yaml().load(generated));
        try (InputStream in = getClass().getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
            var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
            assertThat(schema.validate(tree)).as("AsyncAPI 3.0.0").isEmpty();
            // and the validation can fail: AsyncAPI 2's "publish" is no action of version 3
            JsonNode broken = tree.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("operations").elements().next())
                    .put("action", "publish");
            assertThat(schema.validate(broken)).as("a broken copy").isNotEmpty();
        }
        if (Boolean.getBoolean("asyncapi.write")) {
            Files.writeString(DOCUMENT, generated);
        }
        assertThat(Files.exists(DOCUMENT)).as(DOCUMENT + " exists (-Dasyncapi.write=true writes it)").isTrue();
        assertThat(Files.readString(DOCUMENT)).as("docs/asyncapi.yaml is out of date with the code: rerun"
                + " AsyncApiDocumentTest with -Dasyncapi.write=true and review the diff").isEqualTo(generated);
    }

    @Test
    void aMissingConsumerOrMessageWouldBeSeen() {
        // the analysis itself finds the known flows: it is not an empty map agreeing with an empty document
        Map<EventTypes, Set<String>> consumers = consumers();
        assertThat(consumers.get(EventTypes.PAYMENT_REQUESTED)).containsExactly("payment-service");
        assertThat(consumers.get(EventTypes.ORDER_CREATED))
                .containsExactlyInAnyOrder("checkout-api", "payment-service", "pricing-service");
        assertThat(consumers.get(EventTypes.STOCK_RESERVED)).containsExactly("checkout-api");
        assertThat(consumers.get(EventTypes.PAYMENT_CAPTURED)).containsExactly("order-service");
    }

    // ---- the document

    static String document() {
        Map<EventTypes, Set<String>> consumers = consumers();
        Map<String, Object> schemas = new TreeMap<>();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("asyncapi", "3.0.0");
        doc.put("info", map("title", "ACP merchant: messages between the services", "version", "1",
                "description", """
                        Every Kafka topic the four services use and every message on it: who publishes it, who \
                        consumes it, its fields. Integration events travel in one envelope (`Envelope`): a type \
                        (`<context>.<Event>`, a contract never renamed), a revision, the session id (the record \
                        key, so one session's messages stay in order), correlation and causation ids and the \
                        event itself as `payload`. Each service writes its events to its own store and an outbox \
                        relay publishes them; each consumer deduplicates by message id in its inbox. Generated \
                        from the code and checked by deploy's AsyncApiDocumentTest; the completion saga's steps \
                        are drawn in docs/messages.md."""));
        doc.put("defaultContentType", "application/json");
        doc.put("servers", map("kafka", map("host", "kafka:9093", "protocol", "kafka",
                "description", "The cluster's Kafka (Strimzi, TLS listener); the local stack's is in-process.")));
        Map<String, Object> channels = new LinkedHashMap<>();
        Map<String, Object> operations = new LinkedHashMap<>();
        Map<String, Object> messages = new TreeMap<>();
        for (String topic : List.of(Topics.STOCK_REQUESTS, Topics.PAYMENT_REQUESTS, Topics.ORDER_REQUESTS,
                Topics.PRICING_EVENTS, Topics.PAYMENT_EVENTS, Topics.ORDER_EVENTS)) {
            String channel = CHANNELS.get(topic);
            Map<String, Object> channelMessages = new LinkedHashMap<>();
            Map<String, List<String>> receivers = new TreeMap<>();
            String publisher = null;
            for (EventTypes t : EventTypes.values()) {
                if (!t.topic().equals(topic)) {
                    continue;
                }
                String id = messageId(t.wireName());
                publisher = publisherOf(t);
                channelMessages.put(id, ref("#/components/messages/" + id));
                messages.put(id, map("name", t.wireName(), "title", t.type().getSimpleName(),
                        "summary", MEANING.getOrDefault(t.wireName(), "") + (consumers.get(t).isEmpty()
                                ? " No service consumes it: it is on the topic for the audit trail and later consumers."
                                : ""),
                        "x-published-by", publisherOf(t),
                        "x-consumed-by", new ArrayList<>(consumers.get(t)),
                        "payload", map("allOf", List.of(ref("#/components/schemas/Envelope"),
                                map("type", "object", "properties", map(
                                        "type", map("const", t.wireName()),
                                        "payload", schemaOf(t.type(), schemas))))) ));
                for (String consumer : consumers.get(t)) {
                    receivers.computeIfAbsent(consumer, c -> new ArrayList<>()).add(id);
                }
            }
            channels.put(channel, map("address", topic, "description", CHANNEL_TEXT.get(topic),
                    "messages", channelMessages));
            operations.put(publisher + ".publish." + channel, map("action", "send", "summary", publisher
                    + " publishes (outbox relay)", "channel", ref("#/channels/" + channel), "messages",
                    channelMessages.keySet().stream().map(m -> ref("#/channels/" + channel + "/messages/" + m))
                            .toList()));
            receiveOperations(operations, channel, receivers, "handles these; it skips the rest of the topic");
        }
        formerRequestChannel(channels, operations, consumers);
        quoteChannel(channels, operations, messages, schemas, Topics.QUOTE_REQUESTS, "QuoteRequest",
                QuoteRequest.class, "checkout-api", "pricing-service");
        quoteChannel(channels, operations, messages, schemas, Topics.QUOTE_REPLIES, "QuoteReply", QuoteReply.class,
                "pricing-service", "checkout-api");
        doc.put("channels", channels);
        doc.put("operations", operations);
        schemas.put("Envelope", map("type", "object",
                "required", List.of("message_id", "type", "session_id", "occurred_at", "payload"),
                "properties", map(
                        "message_id", map("type", "string", "description", "Unique; consumers deduplicate by it."),
                        "type", map("type", "string", "description", "<context>.<Event>: the wire name."),
                        "revision", map("type", "string", "description", "The payload's revision (@Revision)."),
                        "session_id", map("type", "string", "description", "The checkout session; the record key."),
                        "occurred_at", map("type", "string", "format", "date-time"),
                        "correlation_id", map("type", "string"),
                        "causation_id", map("type", "string"),
                        "audit", map("type", "object", "additionalProperties", map("type", "string"),
                                "description", "Who caused it: actor, request id."),
                        "payload", map("type", "object"))));
        doc.put("components", map("messages", messages, "schemas", schemas));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(120);
        options.setIndent(2);
        options.setSplitLines(true);
        return "# Generated from the code by deploy's AsyncApiDocumentTest (-Dasyncapi.write=true); do not edit by hand.\n"
                + new Yaml(options).dump(doc);
    }

    /** The checkout saga's former shared topic: read, no longer written (ADR 0057). */
    private static void formerRequestChannel(Map<String, Object> channels, Map<String, Object> operations,
            Map<EventTypes, Set<String>> consumers) {
        String channel = CHANNELS.get(Topics.CHECKOUT_EVENTS);
        Map<String, Object> channelMessages = new LinkedHashMap<>();
        Map<String, List<String>> receivers = new TreeMap<>();
        for (EventTypes t : EventTypes.values()) {
            if (publisherOf(t).equals("checkout-api")) {
                String id = messageId(t.wireName());
                channelMessages.put(id, ref("#/components/messages/" + id));
                consumers.get(t).forEach(consumer -> receivers.computeIfAbsent(consumer, c -> new ArrayList<>())
                        .add(id));
            }
        }
        channels.put(channel, map("address", Topics.CHECKOUT_EVENTS, "description",
                CHANNEL_TEXT.get(Topics.CHECKOUT_EVENTS), "messages", channelMessages));
        receiveOperations(operations, channel, receivers, "still handles these here, as a previous release wrote them");
    }

    /** One {@code receive} operation per consumer of {@code channel}, listing the messages it handles there. */
    private static void receiveOperations(Map<String, Object> operations, String channel,
            Map<String, List<String>> receivers, String summary) {
        receivers.forEach((consumer, ids) -> operations.put(consumer + ".consume." + channel, map(
                "action", "receive", "summary", consumer + " " + summary,
                "channel", ref("#/channels/" + channel),
                "messages", ids.stream().map(m -> ref("#/channels/" + channel + "/messages/" + m)).toList())));
    }

    private static void quoteChannel(Map<String, Object> channels, Map<String, Object> operations,
            Map<String, Object> messages, Map<String, Object> schemas, String topic, String name, Class<?> type,
            String sender, String receiver) {
        String channel = CHANNELS.get(topic);
        channels.put(channel, map("address", topic, "description", CHANNEL_TEXT.get(topic),
                "messages", map(name, ref("#/components/messages/" + name))));
        messages.put(name, map("name", name, "title", name, "summary", "Plain JSON (no envelope).",
                "x-published-by", sender, "x-consumed-by", List.of(receiver), "payload", schemaOf(type, schemas)));
        operations.put(sender + ".publish." + channel, map("action", "send", "channel", ref("#/channels/" + channel),
                "messages", List.of(ref("#/channels/" + channel + "/messages/" + name))));
        operations.put(receiver + ".consume." + channel, map("action", "receive",
                "channel", ref("#/channels/" + channel),
                "messages", List.of(ref("#/channels/" + channel + "/messages/" + name))));
    }

    static String messageId(String wireName) {
        return wireName.replace('.', '_');
    }

    static Map<String, Object> ref(String to) {
        return map("$ref", to);
    }

    /** A JSON Schema of how Jackson writes the type (records by component, Instants as ISO text). */
    static Map<String, Object> schemaOf(Type type, Map<String, Object> schemas) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
                return map("type", "array", "items", schemaOf(p.getActualTypeArguments()[0], schemas));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return map("type", "object", "additionalProperties", schemaOf(p.getActualTypeArguments()[1], schemas));
            }
            return schemaOf(raw, schemas);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return map("type", "string");
        }
        if (c == long.class || c == Long.class) {
            return map("type", "integer", "format", "int64");
        }
        if (c == int.class || c == Integer.class) {
            return map("type", "integer", "format", "int32");
        }
        if (c == boolean.class || c == Boolean.class) {
            return map("type", "boolean");
        }
        if (c == Instant.class) {
            return map("type", "string", "format", "date-time");
        }
        if (c == BigDecimal.class) {
            return map("type", "number");
        }
        if (c.isEnum()) {
            return map("type", "string", "enum", java.util.Arrays.stream(c.getEnumConstants())
                    .map(String::valueOf).toList());
        }
        if (c.isRecord()) {
            String name = c.getEnclosingClass() == null ? c.getSimpleName()
                    : c.getEnclosingClass().getSimpleName() + c.getSimpleName();
            if (!schemas.containsKey(name)) {
                schemas.put(name, Map.of()); // placeholder against recursion
                Map<String, Object> properties = new LinkedHashMap<>();
                for (RecordComponent component : c.getRecordComponents()) {
                    properties.put(component.getName(), schemaOf(component.getGenericType(), schemas));
                }
                schemas.put(name, map("type", "object", "properties", properties));
            }
            return ref("#/components/schemas/" + name);
        }
        throw new IllegalStateException("no schema for " + c + ": teach AsyncApiDocumentTest.schemaOf");
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
