package org.acpmerchant.platform.ops.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The JSON Pointers at which two documents differ, with both values (abridged), for a rebuild's comparison. */
final class JsonDifferences {

    private static final int VALUE_CHARS = 200;

    private JsonDifferences() {}

    static List<Map<String, String>> between(JsonNode live, JsonNode rebuilt, int limit) {
        List<Map<String, String>> out = new ArrayList<>();
        walk("", live, rebuilt, out, limit);
        return out;
    }

    private static void walk(String path, JsonNode live, JsonNode rebuilt, List<Map<String, String>> out, int limit) {
        if (out.size() >= limit || (live != null && live.equals(rebuilt))) {
            return;
        }
        if (live != null && rebuilt != null && live.isObject() && rebuilt.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            live.fieldNames().forEachRemaining(names::add);
            rebuilt.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                walk(path + "/" + name.replace("~", "~0").replace("/", "~1"), live.get(name), rebuilt.get(name), out,
                        limit);
            }
            return;
        }
        if (live != null && rebuilt != null && live.isArray() && rebuilt.isArray()) {
            Iterator<JsonNode> l = live.elements();
            Iterator<JsonNode> r = rebuilt.elements();
            for (int i = 0; l.hasNext() || r.hasNext(); i++) {
                walk(path + "/" + i, l.hasNext() ? l.next() : null, r.hasNext() ? r.next() : null, out, limit);
            }
            return;
        }
        Map<String, String> d = new LinkedHashMap<>();
        d.put("path", path.isEmpty() ? "/" : path);
        d.put("live", abridged(live));
        d.put("rebuilt", abridged(rebuilt));
        out.add(d);
    }

    private static String abridged(JsonNode node) {
        if (node == null) {
            return null;
        }
        String text = node.toString();
        return text.length() > VALUE_CHARS ? text.substring(0, VALUE_CHARS) + "…" : text;
    }
}
