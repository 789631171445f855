package org.acpmerchant.pricing.catalog.application;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
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
    /**
     * Merchant extension on a Variant (ACP has no weight): the shipping weight of one unit in whole grams. Read
     * from our feed files only; never pushed to agents.
     */
    public static final String WEIGHT_GRAMS = "weight_grams";
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

    /** The whole {@code inventory.json} as a map (small feeds, tests); loads use {@link #streamInventory}. */
    public Map<String, Integer> readInventory(InputStream in) {
        Map<String, Integer> units = new LinkedHashMap<>();
        streamInventory(in, units::put);
        return units;
    }

    /**
     * Streams {@code inventory.json} ({@code {"<variant id>": units}}) entry by entry to {@code sink} with a
     * streaming parser, so a million entries never sit in memory; throws {@link InvalidFeedException} with every bad
     * entry (up to 100) after the whole document was read (entries before it were already handed on: callers load
     * inside a transaction that the exception rolls back).
     */
    public void streamInventory(InputStream in, BiConsumer<String, Integer> sink) {
        List<FeedProblem> problems = new ArrayList<>();
        try (in; JsonParser parser = json.getFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidFeedException(List.of(new FeedProblem(INVENTORY, 0, "$", "must be a JSON object")));
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String variantId = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                        && parser.getIntValue() >= 0) {
                    sink.accept(variantId, parser.getIntValue());
                } else {
                    parser.skipChildren();
                    if (problems.size() < MAX_PROBLEMS) {
                        problems.add(new FeedProblem(INVENTORY, 0, variantId, "must be a non-negative integer"));
                    }
                }
            }
            if (token != JsonToken.END_OBJECT) {
                problems.add(new FeedProblem(INVENTORY, 0, "$", "not a complete JSON object"));
            }
        } catch (JsonProcessingException e) {
            throw new InvalidFeedException(List.of(new FeedProblem(INVENTORY, 0, "$", "not valid JSON: "
                    + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!problems.isEmpty()) {
            throw new InvalidFeedException(problems);
        }
    }

    /**
     * Streams {@code products.jsonl}, handing each valid variant to {@code sink} until the first bad record, and
     * returns every problem found (line number and field). An empty list means the whole feed is valid. Duplicate
     * variant ids are found with a set of the ids seen (memory grows with the feed: small feeds and tests only).
     */
    public List<FeedProblem> readProducts(Reader in, Consumer<CatalogVariant> sink) {
        Set<String> seen = new HashSet<>();
        return readProducts(in, (variant, file, line, field) -> sink.accept(variant), seen::add);
    }

    /**
     * As {@link #readProducts(Reader, Consumer)}, for loads of any size: duplicates within one Product are reported
     * here; across Products only when {@code firstSeen} says so (a loader passes {@code id -> true} and lets the
     * store's key find them), so memory stays bounded by one line.
     */
    public List<FeedProblem> readProducts(Reader in, VariantSink sink, Predicate<String> firstSeen) {
        List<FeedProblem> problems = new ArrayList<>();
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
                List<String> paths = new ArrayList<>();
                List<CatalogVariant> parsed = parseProduct(text, lineNumber, firstSeen, lineProblems, paths);
                problems.addAll(lineProblems);
                variants += parsed.size();
                if (problems.isEmpty()) {
                    for (int i = 0; i < parsed.size(); i++) {
                        sink.accept(parsed.get(i), PRODUCTS, lineNumber, paths.get(i));
                    }
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

    private List<CatalogVariant> parseProduct(String text, int line, Predicate<String> firstSeen,
            List<FeedProblem> problems, List<String> paths) {
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
        Set<String> inProduct = new HashSet<>();
        for (int i = 0; i < variants.size(); i++) {
            JsonNode variant = variants.get(i);
            String path = "variants[" + i + "]";
            int before = problems.size();
            String id = requiredText(variant, "id", PRODUCTS, line, path + ".id", problems);
            if (id != null && (!inProduct.add(id) || !firstSeen.test(id))) {
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
            Long weight = null;
            JsonNode weightNode = variant.get(WEIGHT_GRAMS);
            if (weightNode != null && !weightNode.isNull()) {
                if (!weightNode.isIntegralNumber() || !weightNode.canConvertToLong() || weightNode.longValue() < 0) {
                    problems.add(new FeedProblem(
                            PRODUCTS, line, path + "." + WEIGHT_GRAMS, "must be a non-negative integer (grams)"));
                } else {
                    weight = weightNode.longValue();
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
                    available,
                    weight));
            paths.add(path + ".id");
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
