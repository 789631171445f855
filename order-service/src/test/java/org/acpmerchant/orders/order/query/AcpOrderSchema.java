package org.acpmerchant.orders.order.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The official ACP 2026-04-17 JSON Schema, found under {@code ACP_SPEC_DIR} (system property or environment), or the
 * shared checkout next to the repository ({@code ../../shared/acp-spec} from the module directory).
 */
public final class AcpOrderSchema {

    static final String VERSION = "2026-04-17";
    static final Path RELATIVE = Path.of(VERSION, "spec", VERSION, "json-schema", "schema.agentic_checkout.json");

    private AcpOrderSchema() {}

    /** The {@code acp-spec} directory, if present. */
    public static Optional<Path> specDir() {
        String configured = Optional.ofNullable(System.getProperty("ACP_SPEC_DIR")).orElse(System.getenv("ACP_SPEC_DIR"));
        return Stream.of(
                        configured == null ? null : Path.of(configured),
                        Path.of("..", "..", "shared", "acp-spec"),
                        Path.of("..", "shared", "acp-spec"))
                .filter(p -> p != null && Files.isRegularFile(p.resolve(RELATIVE)))
                .findFirst()
                .map(Path::toAbsolutePath);
    }

    public static String missingMessage() {
        return "ACP spec not found: set ACP_SPEC_DIR to the acp-spec directory (containing " + RELATIVE
                + ") or check out the shared docs next to the repository (../shared)";
    }

    /** The validator of {@code $defs/<definition>}, formats asserted. */
    public static JsonSchema definition(Path specDir, String definition) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        String uri = specDir.resolve(RELATIVE).normalize().toUri() + "#/$defs/" + definition;
        return factory.getSchema(SchemaLocation.of(uri), config);
    }

    /** The API versions whose webhook {@code data} is the old {@code EventDataOrder}, and the first rich one. */
    public static final List<String> LEGACY_VERSIONS = List.of("2025-09-29", "2025-12-12", "2026-01-16", "2026-01-30");

    /**
     * The validator of a legacy version's {@code WebhookEvent} (OpenAPI 3.1 components of
     * {@code openapi.agentic_checkout_webhook.yaml}, whose schemas are JSON Schema 2020-12), formats asserted.
     */
    public static JsonSchema legacyWebhookEvent(Path specDir, String version) {
        Path file = specDir.resolve(Path.of(version, "spec", version, "openapi", "openapi.agentic_checkout_webhook.yaml"));
        try {
            JsonNode document = new YAMLMapper().readTree(file.toFile());
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.put("$ref", "#/components/schemas/WebhookEvent");
            root.set("components", document.get("components"));
            JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return factory.getSchema(root, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Set<ValidationMessage> validate(JsonSchema schema, JsonNode node) {
        return schema.validate(node);
    }
}
