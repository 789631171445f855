package org.acpmerchant.pricing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.acpmerchant.events.StockLine;
import org.acpmerchant.events.checkout.StockReservationRequested;
import org.acpmerchant.events.pricing.StockReservationRejected;
import org.acpmerchant.events.pricing.StockShortage;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.events.quote.QuoteRequest.QuoteLine;
import org.acpmerchant.pricing.catalog.api.StockLevelAdjusted;
import org.acpmerchant.pricing.catalog.api.VariantPriceChanged;
import org.acpmerchant.pricing.quote.application.QuoteService;
import org.acpmerchant.pricing.stock.api.CommitStock;
import org.acpmerchant.pricing.stock.api.ReleaseStock;
import org.acpmerchant.pricing.stock.api.ReserveStock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * One variant's {@code VariantLedger} lives far past 50 events on real PostgreSQL (Axon's JDBC event store): 64
 * price and stock changes through the merchant catalog API (absolute counts, positive and negative deltas, prices in
 * either case of currency), interleaved with stock reservations that are committed (sold: on hand drops outside the
 * ledger) or released, and with refused changes. The aggregate has no cache and no snapshots, so every command after
 * the 50th event is handled by an aggregate replayed from all its stored events. The test keeps its own model of price,
 * on hand and reserved (integer minor units and units): every API answer, the stored event stream (each event's
 * previous and new value), the catalog tables and a quote must equal it; a stock change below zero and a reservation of
 * one unit more than is available are still refused and change nothing.
 */
class LongVariantLedgerIT extends PricingIntegrationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long INITIAL_PRICE = 1000;
    static final int LEDGER_CHANGES = 64;

    final HttpClient http = HttpClient.newHttpClient();

    @Autowired Environment environment;
    @Autowired QuoteService quotes;
    @Autowired CommandGateway commands;
    @Autowired EventStore eventStore;

    String variant;

    // what the test did, and so what the service must show
    long price = INITIAL_PRICE;
    int onHand;
    int reserved;
    final List<String> expectedEvents = new ArrayList<>();

    record Reply(int status, JsonNode body, String raw) {}

    record Hold(String reservationId, int quantity) {}

    /** Other ITs count the catalog's variants: leave it as it was. */
    @AfterEach
    void removeTestVariant() {
        if (variant != null) {
            jdbc.update("delete from stock_hold where variant_id = ?", variant);
            jdbc.update("delete from stock_level where variant_id = ?", variant);
            jdbc.update("delete from catalog_variant where variant_id = ?", variant);
        }
    }

    @Test
    void sixtyFiveEventsOnOneVariant_theLedgerAddsUp_andRefusalsStillChangeNothing() throws Exception {
        variant = "it-long-ledger-" + UUID.randomUUID();
        jdbc.update("insert into catalog_variant (variant_id, product_id, title, price_amount, currency, digital) "
                + "values (?, 'p-long-ledger', 'Long ledger item', ?, 'USD', true)", variant, INITIAL_PRICE);
        String prefix = "res_long_" + UUID.randomUUID().toString().substring(0, 8) + "_";

        // the first change creates the stock row (0 on hand) and sets 25
        setOnHand(25);

        Deque<Hold> open = new ArrayDeque<>();
        int committed = 0;
        int released = 0;
        for (int i = 1; i < LEDGER_CHANGES; i++) {
            switch (i % 4) {
                case 0 -> changePrice(INITIAL_PRICE + 37L * i, i % 8 == 0 ? "usd" : "USD");
                case 1 -> changeStock(i % 5 + 1);
                case 2 -> {
                    int down = Math.min(i % 6 + 1, onHand - reserved);
                    changeStock(down == 0 ? 2 : -down);
                }
                default -> setOnHand(reserved + 5 + i % 7);
            }

            // reservations of other carts, on their own aggregates: they move reserved (and, when sold, on hand)
            if (i % 3 == 0 && onHand - reserved >= 2) {
                Hold hold = new Hold(prefix + i, 1 + (i / 3) % 2);
                commands.sendAndWait(new ReserveStock(hold.reservationId(), "cs_" + hold.reservationId(), "att_1",
                        List.of(new StockLine(variant, hold.quantity())), Instant.now(),
                        Instant.now().plusSeconds(900)));
                assertThat(eventTypesOf(hold.reservationId())).as("reservation %d", i)
                        .singleElement(InstanceOfAssertFactories.STRING).endsWith(".StockReserved");
                reserved += hold.quantity();
                open.add(hold);
            }
            if (i % 5 == 0 && !open.isEmpty()) {
                Hold hold = open.poll();
                if ((i / 5) % 2 == 1) {
                    commands.sendAndWait(new CommitStock(hold.reservationId(), "ord_" + i, Instant.now()));
                    onHand -= hold.quantity();
                    committed++;
                } else {
                    commands.sendAndWait(new ReleaseStock(hold.reservationId(), "cs_" + hold.reservationId(),
                            "payment_declined", Instant.now()));
                    released++;
                }
                reserved -= hold.quantity();
            }
            assertThat(level(variant)).as("stock after step %d", i).containsExactly(onHand, reserved);

            if (i == 40) {
                // refused halfway, from an aggregate replayed from 40 events
                assertRefusedChangeNothing("{\"delta\":" + (-onHand - 1) + "}",
                        "on hand would be -1 (now " + onHand + ")");
                assertRefusedChangeNothing("{\"on_hand\":3,\"delta\":1}", "set exactly one of on_hand");
            }
        }
        assertThat(committed).as("reservations sold").isGreaterThanOrEqualTo(3);
        assertThat(released).as("reservations released").isGreaterThanOrEqualTo(3);
        assertThat(reserved).as("reservations still open").isPositive();

        // the stream: 64 events, sequence numbers 0..63 without a gap, each one what the test did, in order
        int events = eventCount();
        assertThat(events).as("events on variant %s", variant).isEqualTo(LEDGER_CHANGES).isGreaterThanOrEqualTo(60);
        assertNoSequenceGaps(events);
        assertThat(jdbc.queryForList("select distinct type from domain_event_entry where aggregate_identifier = ?",
                String.class, variant)).containsExactly("VariantLedger");
        assertThat(storedEvents()).containsExactlyElementsOf(expectedEvents);

        // the read side: the API, the tables and a quote all equal the model, in integer minor units
        assertReadSideMatches();

        // refused after 64 events: one unit more than is on hand, a negative price, a currency that is no ISO code
        assertRefusedChangeNothing("{\"delta\":" + (-onHand - 1) + "}", "on hand would be -1 (now " + onHand + ")");
        assertRefusedPriceChangesNothing("{\"amount\":-1,\"currency\":\"USD\"}");
        assertRefusedPriceChangesNothing("{\"amount\":500,\"currency\":\"US\"}");

        // a reservation of one unit more than is available, through Kafka as checkout sends it: rejected, naming what
        // is available; nothing is held and the variant's stream does not move
        int available = onHand - reserved;
        String over = prefix + "over";
        publish(new StockReservationRequested(over, "cs_" + over, "att_1",
                List.of(new StockLine(variant, available + 1)), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> eventTypesOf(over).size() == 1);
        List<Object> overEvents = payloads(over);
        assertThat(overEvents).singleElement().isInstanceOf(StockReservationRejected.class);
        assertThat(((StockReservationRejected) overEvents.get(0)).shortages())
                .containsExactly(new StockShortage(variant, available + 1, available));
        assertThat(level(variant)).containsExactly(onHand, reserved);
        assertThat(jdbc.queryForObject("select count(*) from stock_hold where reservation_id = ?", Integer.class, over))
                .isZero();
        assertThat(eventCount()).isEqualTo(events);

        // a further change is accepted by the replayed aggregate and appended as sequence number 64
        changePrice(4321, "USD");
        assertThat(eventCount()).isEqualTo(events + 1);
        assertNoSequenceGaps(events + 1);
        assertThat(storedEvents()).containsExactlyElementsOf(expectedEvents);

        // exactly what is available can still be reserved (through Kafka), which leaves none
        String rest = prefix + "rest";
        publish(new StockReservationRequested(rest, "cs_" + rest, "att_1",
                List.of(new StockLine(variant, available)), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> eventTypesOf(rest).size() == 1);
        assertThat(eventTypesOf(rest)).singleElement(InstanceOfAssertFactories.STRING).endsWith(".StockReserved");
        reserved += available;
        assertThat(onHand - reserved).isZero();
        assertReadSideMatches();
        assertThat(eventCount()).as("reservations are not ledger events").isEqualTo(LEDGER_CHANGES + 1);
    }

    // --- the merchant API, each answer checked against the model --------------------------------------------------

    private void changePrice(long amount, String currency) throws Exception {
        Reply reply = call("PUT", "/merchant/catalog/variants/" + variant + "/price",
                "{\"amount\":" + amount + ",\"currency\":\"" + currency + "\"}");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        expectedEvents.add("price " + price + " -> " + amount + " USD");
        price = amount;
        assertView(reply.body());
    }

    private void changeStock(int delta) throws Exception {
        Reply reply = call("POST", "/merchant/catalog/variants/" + variant + "/stock", "{\"delta\":" + delta + "}");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        expectedEvents.add("stock " + onHand + " -> " + (onHand + delta));
        onHand += delta;
        assertView(reply.body());
    }

    private void setOnHand(int count) throws Exception {
        Reply reply = call("POST", "/merchant/catalog/variants/" + variant + "/stock", "{\"on_hand\":" + count + "}");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        expectedEvents.add("stock " + onHand + " -> " + count);
        onHand = count;
        assertView(reply.body());
    }

    private void assertRefusedChangeNothing(String body, String message) throws Exception {
        int before = eventCount();
        long revision = revision();
        Reply reply = call("POST", "/merchant/catalog/variants/" + variant + "/stock", body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
        assertThat(reply.body().path("message").asText()).contains(message);
        assertThat(eventCount()).as("a refused change adds no event").isEqualTo(before);
        assertThat(level(variant)).containsExactly(onHand, reserved);
        assertThat(revision()).as("a refused change is no new catalog revision").isEqualTo(revision);
    }

    private void assertRefusedPriceChangesNothing(String body) throws Exception {
        int before = eventCount();
        Reply reply = call("PUT", "/merchant/catalog/variants/" + variant + "/price", body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
        assertThat(eventCount()).as("a refused change adds no event").isEqualTo(before);
        assertThat(jdbc.queryForObject("select price_amount from catalog_variant where variant_id = ?", Long.class,
                variant)).isEqualTo(price);
    }

    private void assertView(JsonNode view) {
        assertThat(view.path("variant_id").asText()).isEqualTo(variant);
        assertThat(view.at("/price/amount").isIntegralNumber()).as(view.toString()).isTrue();
        assertThat(view.at("/price/amount").asLong()).as(view.toString()).isEqualTo(price);
        assertThat(view.at("/price/currency").asText()).isEqualTo("USD");
        assertThat(view.path("on_hand").asInt()).as(view.toString()).isEqualTo(onHand);
        assertThat(view.path("reserved").asInt()).as(view.toString()).isEqualTo(reserved);
    }

    private void assertReadSideMatches() throws Exception {
        Reply view = call("GET", "/merchant/catalog/variants/" + variant, null);
        assertThat(view.status()).as(view.raw()).isEqualTo(200);
        assertView(view.body());
        assertThat(level(variant)).containsExactly(onHand, reserved);
        assertThat(jdbc.queryForMap("select price_amount, currency from catalog_variant where variant_id = ?", variant))
                .containsEntry("price_amount", price).containsEntry("currency", "USD");
        int available = onHand - reserved;
        QuoteReply quote = quotes.quote(new QuoteRequest("qr_long", "cs_long", "usd",
                List.of(new QuoteLine(variant, 2)), null, null, null));
        assertThat(quote.rejection()).isNull();
        QuoteReply.PricedLine line = quote.lines().get(0);
        assertThat(line.unitAmount()).isEqualTo(price);
        assertThat(line.baseAmount()).isEqualTo(2 * price);
        assertThat(line.availableQuantity()).isEqualTo(available);
        assertThat(line.availability()).isEqualTo(available == 0 ? "out_of_stock"
                : available <= 3 ? "low_stock" : "in_stock");
    }

    // --- the event store ------------------------------------------------------------------------------------------

    private int eventCount() {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Integer.class, variant);
    }

    private void assertNoSequenceGaps(int events) {
        assertThat(jdbc.queryForList("select sequence_number from domain_event_entry where aggregate_identifier = ? "
                        + "order by sequence_number", Long.class, variant))
                .containsExactlyElementsOf(LongStream.range(0, events).boxed().toList());
    }

    /** The variant's stream read back through Axon from the JDBC event store, as the test described each change. */
    private List<String> storedEvents() {
        List<String> described = new ArrayList<>();
        for (Object payload : payloads(variant)) {
            if (payload instanceof VariantPriceChanged p) {
                assertThat(p.variantId()).isEqualTo(variant);
                assertThat(p.changedBy()).isEqualTo("merchant-api");
                described.add("price " + p.previousAmount() + " -> " + p.amount() + " " + p.currency());
            } else if (payload instanceof StockLevelAdjusted s) {
                assertThat(s.variantId()).isEqualTo(variant);
                assertThat(s.changedBy()).isEqualTo("merchant-api");
                described.add("stock " + s.previous() + " -> " + s.onHand());
            } else {
                described.add("unexpected " + payload);
            }
        }
        return described;
    }

    private List<Object> payloads(String aggregateId) {
        return eventStore.readEvents(aggregateId).asStream().map(EventMessage::getPayload).map(p -> (Object) p)
                .toList();
    }

    private long revision() {
        return jdbc.queryForObject("select revision from catalog_feed", Long.class);
    }

    private Reply call(String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + environment.getProperty("local.server.port") + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + MERCHANT_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()), response.body());
    }
}
