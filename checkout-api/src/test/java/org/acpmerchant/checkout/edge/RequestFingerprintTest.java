package org.acpmerchant.checkout.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Property checks of ACP body equivalence over many generated JSON documents (fixed seed, reproducible). */
class RequestFingerprintTest {

    private static final int RUNS = 500;

    @Test
    void keyOrder_andNumberSpelling_doNotMatter() {
        Random random = new Random(42);
        for (int i = 0; i < RUNS; i++) {
            Node doc = generate(random, 3);
            String a = doc.render(new Random(i), false);
            String b = doc.render(new Random(i + 10_000), true);
            assertThat(fp(a)).as("%s vs %s", a, b).isEqualTo(fp(b));
        }
    }

    @Test
    void nullDiffersFromAbsent_andArrayOrderMatters_andValuesMatter() {
        assertThat(fp("{\"a\":1,\"b\":null}")).isNotEqualTo(fp("{\"a\":1}"));
        assertThat(fp("{\"a\":[1,2]}")).isNotEqualTo(fp("{\"a\":[2,1]}"));
        assertThat(fp("{\"a\":\"1\"}")).isNotEqualTo(fp("{\"a\":1}"));
        assertThat(fp("{\"a\":1}")).isEqualTo(fp("{ \"a\" : 1.000 }"));
        assertThat(fp("{\"a\":100}")).isEqualTo(fp("{\"a\":1e2}"));
        Random random = new Random(7);
        for (int i = 0; i < RUNS; i++) {
            Node doc = generate(random, 3);
            Node changed = doc.mutate(random);
            if (!changed.equals(doc)) {
                assertThat(fp(doc.render(new Random(i), false))).isNotEqualTo(fp(changed.render(new Random(i), false)));
            }
        }
    }

    private static String fp(String json) {
        return RequestFingerprint.of(json.getBytes(StandardCharsets.UTF_8));
    }

    private sealed interface Node permits Obj, Arr, Num, Str, Null {
        String render(Random random, boolean alternative);

        Node mutate(Random random);
    }

    private record Obj(List<String> keys, List<Node> values) implements Node {
        public String render(Random random, boolean alternative) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            StringBuilder out = new StringBuilder("{");
            for (int j = 0; j < order.size(); j++) {
                int i = order.get(j);
                out.append(j > 0 ? "," : "").append(alternative ? " " : "").append('"').append(keys.get(i)).append("\":")
                        .append(values.get(i).render(random, alternative));
            }
            return out.append('}').toString();
        }

        public Node mutate(Random random) {
            if (keys.isEmpty()) {
                return new Obj(List.of("k"), List.of(new Null()));
            }
            int i = random.nextInt(keys.size());
            List<Node> copy = new ArrayList<>(values);
            copy.set(i, values.get(i).mutate(random));
            return new Obj(keys, copy);
        }
    }

    private record Arr(List<Node> items) implements Node {
        public String render(Random random, boolean alternative) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < items.size(); i++) {
                out.append(i > 0 ? "," : "").append(items.get(i).render(random, alternative));
            }
            return out.append(']').toString();
        }

        public Node mutate(Random random) {
            if (items.size() < 2) {
                List<Node> copy = new ArrayList<>(items);
                copy.add(new Num(1));
                return new Arr(copy);
            }
            List<Node> copy = new ArrayList<>(items);
            Collections.swap(copy, 0, copy.size() - 1);
            return new Arr(copy);
        }
    }

    private record Num(long value) implements Node {
        public String render(Random random, boolean alternative) {
            return alternative && random.nextBoolean() ? value + ".0" : Long.toString(value);
        }

        public Node mutate(Random random) {
            return new Num(value + 1);
        }
    }

    private record Str(String value) implements Node {
        public String render(Random random, boolean alternative) {
            return '"' + value + '"';
        }

        public Node mutate(Random random) {
            return new Str(value + "x");
        }
    }

    private record Null() implements Node {
        public String render(Random random, boolean alternative) {
            return "null";
        }

        public Node mutate(Random random) {
            return new Str("null");
        }
    }

    private static Node generate(Random random, int depth) {
        int kind = depth == 0 ? 2 + random.nextInt(3) : random.nextInt(5);
        return switch (kind) {
            case 0 -> {
                int n = random.nextInt(4);
                List<String> keys = new ArrayList<>();
                List<Node> values = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    keys.add("k" + i);
                    values.add(generate(random, depth - 1));
                }
                yield new Obj(keys, values);
            }
            case 1 -> {
                int n = random.nextInt(4);
                List<Node> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(generate(random, depth - 1));
                }
                yield new Arr(items);
            }
            case 2 -> new Num(random.nextInt(2000) - 1000);
            case 3 -> new Str("s" + random.nextInt(100));
            default -> new Null();
        };
    }
}
