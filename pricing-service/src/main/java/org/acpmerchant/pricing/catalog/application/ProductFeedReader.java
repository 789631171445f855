package org.acpmerchant.pricing.catalog.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.acpmerchant.pricing.catalog.domain.CatalogVariant;
import org.acpmerchant.pricing.catalog.domain.FeedMetadata;
import org.acpmerchant.pricing.catalog.domain.FeedProblem;
import org.acpmerchant.pricing.catalog.domain.InvalidFeedException;

/**
 * Reads an ACP file feed (digest §17): {@code metadata.json} (FeedMetadata), {@code products.jsonl} (one Product with
 * its Variants per line, streamed) and the sidecar {@code inventory.json} ({@code {"<variant id>": units}}).
 */
public final class ProductFeedReader {

    public static final String METADATA = "metadata.json";
    public static final String PRODUCTS = "products.jsonl";
    public static final String INVENTORY = "inventory.json";
    public static final String DIGITAL_CATEGORY = "digital";
    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");
    private static final int MAX_PROBLEMS = 100;

    private final ObjectMapper json;

    public ProductFeedReader(ObjectMapper json) {
        this.json = json;
    }

    public FeedMetadata readMetadata(InputStream in) {
        JsonNode node = readDocument(in, METADATA);
        List<FeedProblem> problems = new ArrayList<>();
        String id = requiredText(node, "id", METADATA, 0, "id", problems);
        String country = optionalText(node, "target_country");
        Instant updatedAt = null;
        String updated = optionalText(node, "updated_at");
        if (updated != null) {
            try {
                updatedAt = Instant.parse(updated);
            } catch (DateTimeParseException e) {
                problems.add(new FeedProblem(METADATA, 0, "updated_at", "must be an ISO-8601 instant"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidFeedException(problems);
        }
        return new FeedMetadata(id, country, updatedAt);
    }

    public Map<String, Integer> readInventory(InputStream in) {
        JsonNode node = readDocument(in, INVENTORY);
        if (!node.isObject()) {
            throw new InvalidFeedException(List.of(new FeedProblem(INVENTORY, 0, "$", "must be a JSON object")));
        }
        Map<String, Integer> units = new LinkedHashMap<>();
        List<FeedProblem> problems = new ArrayList<>();
        node.properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
                problems.add(new FeedProblem(INVENTORY, 0, entry.getKey(), "must be a non-negative integer"));
            } else {
                units.put(entry.getKey(), value.intValue());
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidFeedException(problems);
        }
        return units;
    }

    /**
     * Streams {@code products.jsonl}, handing each valid variant to {@code sink} until the first bad record, and
     * returns every problem found (line number and field). An empty list means the whole feed is valid.
     */
    public List<FeedProblem> readProducts(Reader in, Consumer<CatalogVariant> sink) {
        List<FeedProblem> problems = new ArrayList<>();
        Set<String> variantIds = new HashSet<>();
        int lineNumber = 0;
        int variants = 0;
        try (BufferedReader reader = new BufferedReader(in)) {
            String text;
            while ((text = reader.readLine()) != null && problems.size() < MAX_PROBLEMS) {
                lineNumber++;
                if (text.isBlank()) {
                    continue;
                }
                List<FeedProblem> lineProblems = new ArrayList<>();
                List<CatalogVariant> parsed = parseProduct(text, lineNumber, variantIds, lineProblems);
                problems.addAll(lineProblems);
                variants += parsed.size();
                if (problems.isEmpty()) {
                    parsed.forEach(sink);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (problems.isEmpty() && variants == 0) {
            problems.add(new FeedProblem(PRODUCTS, 0, "$", "the feed has no products"));
        }
        return problems;
    }

    private List<CatalogVariant> parseProduct(
            String text, int line, Set<String> variantIds, List<FeedProblem> problems) {
        JsonNode product;
        try {
            product = json.readTree(text);
        } catch (JsonProcessingException e) {
            problems.add(new FeedProblem(PRODUCTS, line, "$", "not valid JSON: " + e.getOriginalMessage()));
            return List.of();
        }
        if (!product.isObject()) {
            problems.add(new FeedProblem(PRODUCTS, line, "$", "must be a Product object"));
            return List.of();
        }
        String productId = requiredText(product, "id", PRODUCTS, line, "id", problems);
        JsonNode variants = product.get("variants");
        if (variants == null || !variants.isArray() || variants.isEmpty()) {
            problems.add(new FeedProblem(PRODUCTS, line, "variants", "must be a non-empty array"));
            return List.of();
        }
        String productDescription = description(product.get("description"));
        String productImage = firstMediaUrl(product.get("media"));
        List<CatalogVariant> result = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            JsonNode variant = variants.get(i);
            String path = "variants[" + i + "]";
            int before = problems.size();
            String id = requiredText(variant, "id", PRODUCTS, line, path + ".id", problems);
            if (id != null && !variantIds.add(id)) {
                problems.add(new FeedProblem(PRODUCTS, line, path + ".id", "duplicate variant id '" + id + "'"));
            }
            String title = requiredText(variant, "title", PRODUCTS, line, path + ".title", problems);
            JsonNode price = variant.get("price");
            long amount = 0;
            String currency = null;
            if (price == null || !price.isObject()) {
                problems.add(new FeedProblem(PRODUCTS, line, path + ".price", "is required"));
            } else {
                JsonNode amountNode = price.get("amount");
                if (amountNode == null || !amountNode.isIntegralNumber() || !amountNode.canConvertToLong()
                        || amountNode.longValue() < 0) {
                    problems.add(new FeedProblem(
                            PRODUCTS, line, path + ".price.amount", "must be a non-negative integer (minor units)"));
                } else {
                    amount = amountNode.longValue();
                }
                currency = optionalText(price, "currency");
                if (currency == null || !CURRENCY.matcher(currency).matches()) {
                    problems.add(new FeedProblem(
                            PRODUCTS, line, path + ".price.currency", "must be an uppercase ISO 4217 code"));
                }
            }
            JsonNode availability = variant.path("availability");
            String status = optionalText(availability, "status");
            boolean available = !(availability.path("available").isBoolean() && !availability.path("available").asBoolean())
                    && !"out_of_stock".equals(status) && !"discontinued".equals(status);
            if (problems.size() > before || productId == null) {
                continue;
            }
            String description = description(variant.get("description"));
            String image = firstMediaUrl(variant.get("media"));
            result.add(new CatalogVariant(
                    id,
                    productId,
                    title,
                    description != null ? description : productDescription,
                    image != null ? image : productImage,
                    amount,
                    currency,
                    isDigital(variant.get("categories")),
                    status,
                    available));
        }
        return result;
    }

    private static boolean isDigital(JsonNode categories) {
        if (categories == null || !categories.isArray()) {
            return false;
        }
        for (JsonNode category : categories) {
            if (DIGITAL_CATEGORY.equalsIgnoreCase(category.path("value").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String description(JsonNode description) {
        if (description == null || !description.isObject()) {
            return null;
        }
        for (String field : List.of("plain", "markdown", "html")) {
            String text = optionalText(description, field);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    private static String firstMediaUrl(JsonNode media) {
        return media != null && media.isArray() && !media.isEmpty() ? optionalText(media.get(0), "url") : null;
    }

    private static String requiredText(
            JsonNode node, String name, String file, int line, String field, List<FeedProblem> problems) {
        String value = optionalText(node, name);
        if (value == null || value.isBlank()) {
            problems.add(new FeedProblem(file, line, field, "is required"));
            return null;
        }
        return value;
    }

    private static String optionalText(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private JsonNode readDocument(InputStream in, String file) {
        try (in) {
            return json.readTree(in);
        } catch (JsonProcessingException e) {
            throw new InvalidFeedException(List.of(new FeedProblem(file, 0, "$", "not valid JSON: "
                    + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
