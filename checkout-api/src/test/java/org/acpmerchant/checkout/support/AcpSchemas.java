package org.acpmerchant.checkout.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * The official ACP JSON Schemas from {@code ../shared/acp-spec} (or {@code ACP_SPEC_DIR}): validates a body against
 * one {@code $defs} entry of one version's bundle. Tests skip, saying why, where the spec copy is absent.
 */
public final class AcpSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private AcpSchemas() {}

    public static Optional<Path> specDir() {
        String configured = System.getenv("ACP_SPEC_DIR");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Optional.of(Path.of(configured));
        }
        for (Path candidate : new Path[] {Path.of("..", "..", "shared", "acp-spec"), Path.of("..", "shared", "acp-spec")}) {
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate.toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }

    public static Path requireSpecDir() {
        Optional<Path> dir = specDir();
        Assumptions.assumeTrue(dir.isPresent(),
                "ACP spec copy not found (../shared/acp-spec or ACP_SPEC_DIR): schema checks skipped");
        return dir.get();
    }

    public static JsonNode example(String version, String file, String key) {
        Path path = requireSpecDir().resolve(version).resolve("examples").resolve(version).resolve(file);
        try {
            return JSON.readTree(path.toFile()).get(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The validation messages of {@code body} against {@code $defs/<definition>}; empty when valid. */
    public static Set<String> validate(String version, String bundle, String definition, JsonNode body) {
        JsonSchema schema = CACHE.computeIfAbsent(version + "/" + bundle + "#" + definition,
                k -> load(version, bundle, definition));
        return schema.validate(body).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }

    public static Set<String> validateSession(String version, JsonNode body) {
        String definition = body.has("order") ? "CheckoutSessionWithOrder" : "CheckoutSession";
        return validate(version, "schema.agentic_checkout.json", definition, body);
    }

    /** Validates against {@code schema.cart.json}, whose definitions refer into the checkout bundle. */
    public static Set<String> validateCart(String version, String definition, JsonNode body) {
        return validate(version, "schema.cart.json+schema.agentic_checkout.json", definition, body);
    }

    private static JsonSchema load(String version, String bundle, String definition) {
        Path dir = requireSpecDir().resolve(version).resolve("spec").resolve(version).resolve("json-schema");
        try {
            ObjectNode defs = JSON.createObjectNode();
            for (String file : bundle.split("\\+")) {
                JsonNode full = JSON.readTree(dir.resolve(file).toFile());
                full.get("$defs").fields().forEachRemaining(e -> {
                    if (!defs.has(e.getKey())) {
                        defs.set(e.getKey(), e.getValue());
                    }
                });
            }
            ObjectNode root = JSON.createObjectNode();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.put("$ref", "#/$defs/" + definition);
            root.set("$defs", JSON.readTree(defs.toString().replace("schema.agentic_checkout.json#/$defs/", "#/$defs/")));
            // ACP 2025-09-29 uses a draft-04 boolean exclusiveMinimum inside a 2020-12 schema (digest §26.4).
            String text = root.toString().replace("\"exclusiveMinimum\":true", "\"exclusiveMinimum\":0");
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(text), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
