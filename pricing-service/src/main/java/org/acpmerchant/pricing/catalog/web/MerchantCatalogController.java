package org.acpmerchant.pricing.catalog.web;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.acpmerchant.pricing.catalog.api.AdjustStockLevel;
import org.acpmerchant.pricing.catalog.api.ChangeVariantPrice;
import org.acpmerchant.pricing.catalog.domain.UnknownVariantException;
import org.acpmerchant.pricing.catalog.application.CatalogExport;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The merchant's catalog API (bearer {@code acp.pricing.merchant-api-tokens}): incremental price and stock changes,
 * recorded as {@code VariantLedger} events, and the current catalog as ACP feed files.
 */
@RestController
public class MerchantCatalogController {

    static final String ACTOR = "merchant-api";

    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final CatalogExport exporter;
    private final Clock clock;

    public MerchantCatalogController(
            CommandGateway commands, JdbcTemplate jdbc, CatalogExport exporter, Clock clock) {
        this.commands = commands;
        this.jdbc = jdbc;
        this.exporter = exporter;
        this.clock = clock;
    }

    /** {@code {"amount": 1999, "currency": "USD"}}. */
    public record PriceChange(Long amount, String currency) {}

    /** {@code {"on_hand": 12}} or {@code {"delta": -2}}. */
    public record StockChange(Integer on_hand, Integer delta) {}

    @PutMapping(path = "/merchant/catalog/variants/{id}/price", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> price(@PathVariable String id, @RequestBody PriceChange body) {
        if (body == null || body.amount() == null) {
            throw new IllegalArgumentException("amount is required");
        }
        commands.sendAndWait(new ChangeVariantPrice(id, body.amount(), body.currency(), ACTOR, clock.instant()));
        return variant(id);
    }

    @PostMapping(path = "/merchant/catalog/variants/{id}/stock", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> stock(@PathVariable String id, @RequestBody StockChange body) {
        if (body == null) {
            throw new IllegalArgumentException("a body with on_hand or delta is required");
        }
        commands.sendAndWait(new AdjustStockLevel(id, body.on_hand(), body.delta(), ACTOR, clock.instant()));
        return variant(id);
    }

    @GetMapping(path = "/merchant/catalog/variants/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> variant(@PathVariable String id) {
        return jdbc.query("select v.variant_id, v.price_amount, v.currency, coalesce(s.on_hand, 0), "
                        + "coalesce(s.reserved, 0) from catalog_variant v "
                        + "left join stock_level s on s.variant_id = v.variant_id where v.variant_id = ?",
                rs -> {
                    if (!rs.next()) {
                        throw new UnknownVariantException(id);
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("variant_id", rs.getString(1));
                    out.put("price", Map.of("amount", rs.getLong(2), "currency", rs.getString(3)));
                    out.put("on_hand", rs.getInt(4));
                    out.put("reserved", rs.getInt(5));
                    return out;
                },
                id);
    }

    /** The ACP {@code metadata.json} of the current catalog. */
    @GetMapping(path = "/merchant/catalog/export/metadata.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<StreamingResponseBody> exportMetadata() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(exporter::writeMetadata);
    }

    /** The ACP {@code products.jsonl} of the current catalog (one Product per line, streamed). */
    @GetMapping(path = "/merchant/catalog/export/products.jsonl")
    public ResponseEntity<StreamingResponseBody> exportProducts() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/jsonl"))
                .body(exporter::writeProducts);
    }

    @ExceptionHandler(UnknownVariantException.class)
    ResponseEntity<Map<String, String>> notFound(UnknownVariantException e) {
        return error(HttpStatus.NOT_FOUND, "not_found", e.getMessage());
    }

    @ExceptionHandler({IllegalArgumentException.class,
            org.springframework.http.converter.HttpMessageNotReadableException.class})
    ResponseEntity<Map<String, String>> invalid(Exception e) {
        return error(HttpStatus.BAD_REQUEST, "invalid", e.getMessage());
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of(
                "type", "invalid_request", "code", code, "message", message == null ? code : message));
    }
}
