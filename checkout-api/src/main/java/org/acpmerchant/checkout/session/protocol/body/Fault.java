package org.acpmerchant.checkout.session.protocol.body;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One reason to refuse a request body: an ACP error {@code code}, the JSONPath of the offending value ({@code param})
 * and a message naming it. {@code rule} tells our own rules (on the bound records) from the schema's.
 */
public record Fault(String code, String path, String message, boolean rule) {

    public static Fault missing(String path, boolean rule) {
        return new Fault("missing", path, "'" + path + "' is required.", rule);
    }

    public static Fault wrongType(String path, String expected, boolean rule) {
        return new Fault("invalid_type", path, "'" + path + "' must be " + expected + ".", rule);
    }

    public static Fault invalid(String path, String problem, boolean rule) {
        return new Fault("invalid", path, "'" + path + "' " + problem + ".", rule);
    }

    /**
     * The order in which the faults of one body are considered, the first being the one reported: by path, fields in
     * the order {@code body}'s records declare them (fields the model does not hold after those, by name), array
     * elements by index, a container before what it contains; at the same path our rule before the schema's, then
     * {@code missing}, {@code invalid_type}, any other code, and the message as the last tie-break.
     */
    public static Comparator<Fault> order(Class<?> body) {
        return Comparator.<Fault, List<Step>>comparing(f -> steps(body, f.path()), Fault::compareSteps)
                .thenComparing(f -> !f.rule())
                .thenComparingInt(f -> switch (f.code()) {
                    case "missing" -> 0;
                    case "invalid_type" -> 1;
                    default -> 2;
                })
                .thenComparing(Fault::message);
    }

    /** One path segment ranked within its parent: a field's position in its record, or an array index. */
    private record Step(int rank, String name) {}

    private static final Map<Class<?>, List<String>> FIELDS = new ConcurrentHashMap<>();
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private static int compareSteps(List<Step> a, List<Step> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i).rank(), b.get(i).rank());
            if (c == 0) {
                c = a.get(i).name().compareTo(b.get(i).name());
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** {@code $.a[0].b} → ranked steps, walking the record types from {@code root}. */
    private static List<Step> steps(Class<?> root, String path) {
        List<Step> steps = new ArrayList<>();
        Type type = root;
        int i = path.startsWith("$") ? 1 : 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '[') {
                int end = path.indexOf(']', i);
                end = end < 0 ? path.length() : end;
                String index = path.substring(i + 1, end);
                steps.add(new Step(index.chars().allMatch(Character::isDigit) && !index.isEmpty()
                        ? Integer.parseInt(index) : Integer.MAX_VALUE, index));
                type = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
                i = end + 1;
            } else {
                int start = c == '.' ? i + 1 : i;
                int end = start;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                String name = path.substring(start, end);
                Class<?> record = type instanceof Class<?> k && k.isRecord() ? k : null;
                int rank = Integer.MAX_VALUE;
                Type next = Object.class;
                if (record != null) {
                    List<String> fields = FIELDS.computeIfAbsent(record, Fault::fields);
                    int at = fields.indexOf(name);
                    if (at >= 0) {
                        rank = at;
                        next = record.getRecordComponents()[at].getGenericType();
                    }
                }
                steps.add(new Step(rank, name));
                type = next;
                i = end;
            }
        }
        return steps;
    }

    private static List<String> fields(Class<?> record) {
        List<String> names = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            names.add(SNAKE.translate(component.getName()));
        }
        return names;
    }
}
