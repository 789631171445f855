package org.acpmerchant.pricing.catalog.application;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.acpmerchant.pricing.catalog.domain.CatalogVariant;
import org.acpmerchant.pricing.catalog.domain.FeedProblem;

/**
 * Reads {@code products.csv}: RFC 4180 (comma separated, UTF-8, fields with commas, quotes or line breaks in double
 * quotes, {@code ""} for a quote), a header row, then one variant per row, streamed record by record. Columns by
 * header name, any order, unknown ones ignored:
 * <ul>
 *   <li>required: {@code product_id}, {@code variant_id}, {@code title}, {@code price_amount} (non-negative integer
 *       minor units), {@code currency} (uppercase ISO 4217);</li>
 *   <li>optional: {@code description}, {@code image_url}, {@code categories} ({@code ;}-separated values; one equal
 *       to {@code digital} marks a digital good), {@code availability_status} (ACP status), {@code available}
 *       ({@code true}/{@code false}, default true), {@code weight_grams} (non-negative integer, shipping weight of one
 *       unit).</li>
 * </ul>
 * Validation and reporting are those of the JSONL feed: every problem with line (the record's first physical line)
 * and column; the stock comes from the same {@code inventory.json} sidecar.
 */
public final class CsvProductFeedReader {

    public static final String PRODUCTS_CSV = "products.csv";
    static final List<String> REQUIRED = List.of("product_id", "variant_id", "title", "price_amount", "currency");
    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");
    private static final Pattern AMOUNT = Pattern.compile("^[0-9]{1,18}$");
    private static final int MAX_PROBLEMS = 100;

    /** Same contract as {@link ProductFeedReader#readProducts}: valid variants to {@code sink}, all problems back. */
    public List<FeedProblem> readProducts(Reader in, Consumer<CatalogVariant> sink) {
        Set<String> seen = new HashSet<>();
        return readProducts(in, (variant, file, line, field) -> sink.accept(variant), seen::add);
    }

    /**
     * For loads of any size: a duplicate variant id is reported here only when {@code firstSeen} says so (a loader
     * passes {@code id -> true} and lets the store's key find duplicates), so memory stays bounded by one record.
     */
    public List<FeedProblem> readProducts(Reader in, VariantSink sink, Predicate<String> firstSeen) {
        List<FeedProblem> problems = new ArrayList<>();
        try (PushbackReader reader = new PushbackReader(new BufferedReader(in, 1 << 16), 1)) {
            int[] line = {1};
            List<String> header = record(reader, line);
            if (header == null) {
                return List.of(new FeedProblem(PRODUCTS_CSV, 0, "$", "the feed has no header row"));
            }
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                columns.putIfAbsent(header.get(i).trim().toLowerCase(Locale.ROOT), i);
            }
            for (String required : REQUIRED) {
                if (!columns.containsKey(required)) {
                    problems.add(new FeedProblem(PRODUCTS_CSV, 1, required, "required column is missing"));
                }
            }
            if (!problems.isEmpty()) {
                return problems;
            }
            int variants = 0;
            while (problems.size() < MAX_PROBLEMS) {
                int start = line[0];
                List<String> fields = record(reader, line);
                if (fields == null) {
                    break;
                }
                if (fields.size() == 1 && fields.get(0).isBlank()) {
                    continue;
                }
                int before = problems.size();
                CatalogVariant variant = parse(fields, columns, start, firstSeen, problems);
                if (problems.size() == before) {
                    variants++;
                    if (problems.isEmpty()) {
                        sink.accept(variant, PRODUCTS_CSV, start, "variant_id");
                    }
                }
            }
            if (problems.isEmpty() && variants == 0) {
                problems.add(new FeedProblem(PRODUCTS_CSV, 0, "$", "the feed has no products"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return problems;
    }

    private static CatalogVariant parse(List<String> fields, Map<String, Integer> columns, int line,
            Predicate<String> firstSeen, List<FeedProblem> problems) {
        int before = problems.size();
        String productId = required(fields, columns, "product_id", line, problems);
        String id = required(fields, columns, "variant_id", line, problems);
        if (id != null && !firstSeen.test(id)) {
            problems.add(new FeedProblem(PRODUCTS_CSV, line, "variant_id", "duplicate variant id '" + id + "'"));
        }
        String title = required(fields, columns, "title", line, problems);
        String amount = required(fields, columns, "price_amount", line, problems);
        if (amount != null && !AMOUNT.matcher(amount).matches()) {
            problems.add(new FeedProblem(
                    PRODUCTS_CSV, line, "price_amount", "must be a non-negative integer (minor units)"));
        }
        String currency = required(fields, columns, "currency", line, problems);
        if (currency != null && !CURRENCY.matcher(currency).matches()) {
            problems.add(new FeedProblem(PRODUCTS_CSV, line, "currency", "must be an uppercase ISO 4217 code"));
        }
        String availableText = optional(fields, columns, "available");
        if (availableText != null && !availableText.equalsIgnoreCase("true")
                && !availableText.equalsIgnoreCase("false")) {
            problems.add(new FeedProblem(PRODUCTS_CSV, line, "available", "must be true or false"));
        }
        String weight = optional(fields, columns, "weight_grams");
        if (weight != null && !AMOUNT.matcher(weight).matches()) {
            problems.add(new FeedProblem(PRODUCTS_CSV, line, "weight_grams", "must be a non-negative integer (grams)"));
        }
        if (problems.size() > before) {
            return null;
        }
        String status = optional(fields, columns, "availability_status");
        boolean available = !"false".equalsIgnoreCase(availableText)
                && !"out_of_stock".equals(status) && !"discontinued".equals(status);
        boolean digital = false;
        String categories = optional(fields, columns, "categories");
        if (categories != null) {
            for (String category : categories.split(";")) {
                digital |= ProductFeedReader.DIGITAL_CATEGORY.equalsIgnoreCase(category.trim());
            }
        }
        return new CatalogVariant(id, productId, title, optional(fields, columns, "description"),
                optional(fields, columns, "image_url"), Long.parseLong(amount), currency, digital, status, available,
                weight == null ? null : Long.parseLong(weight));
    }

    private static String required(
            List<String> fields, Map<String, Integer> columns, String column, int line, List<FeedProblem> problems) {
        String value = optional(fields, columns, column);
        if (value == null) {
            problems.add(new FeedProblem(PRODUCTS_CSV, line, column, "is required"));
        }
        return value;
    }

    private static String optional(List<String> fields, Map<String, Integer> columns, String column) {
        Integer index = columns.get(column);
        if (index == null || index >= fields.size()) {
            return null;
        }
        String value = fields.get(index).trim();
        return value.isEmpty() ? null : value;
    }

    /** One RFC 4180 record, or null at the end of input; counts physical lines in {@code line[0]}. */
    static List<String> record(PushbackReader in, int[] line) throws IOException {
        int c = in.read();
        if (c == -1) {
            return null;
        }
        in.unread(c);
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (true) {
            c = in.read();
            if (quoted) {
                if (c == -1) {
                    break;
                }
                if (c == '"') {
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            in.unread(next);
                        }
                    }
                } else {
                    if (c == '\n') {
                        line[0]++;
                    }
                    field.append((char) c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\r') {
                int next = in.read();
                if (next != '\n' && next != -1) {
                    in.unread(next);
                }
                line[0]++;
                break;
            } else if (c == '\n') {
                line[0]++;
                break;
            } else if (c == -1) {
                break;
            } else {
                field.append((char) c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
