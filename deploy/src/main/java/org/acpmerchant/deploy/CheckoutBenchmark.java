package org.acpmerchant.deploy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Sequential latency of create and complete against a running stack (default: the local stack on 8080). Prints
 * medians and p99s of one run; asserts nothing. Usage: {@code java -cp … CheckoutBenchmark [baseUrl] [token] [n]}.
 */
public final class CheckoutBenchmark {

    private CheckoutBenchmark() {}

    public static void main(String[] args) {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        String token = args.length > 1 ? args[1] : LocalStack.DEFAULT_AGENT_TOKEN;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        AcpClient agent = new AcpClient(base, token);
        int warmup = Math.max(20, n / 10);
        System.out.println("warming up with " + warmup + " checkouts");
        run(agent, warmup);
        System.out.println("measuring " + n + " sequential checkouts (create an e-book cart, then complete with spt_test_success)");
        long[][] samples = run(agent, n);
        print("create  ", samples[0]);
        print("complete", samples[1]);
    }

    static long[][] run(AcpClient agent, int n) {
        long[] create = new long[n];
        long[] complete = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            var created = agent.post("/checkout_sessions", AcpClient.createBody("ebook-trail-guide", 1));
            long t1 = System.nanoTime();
            if (created.status() != 201) {
                throw new IllegalStateException("create failed: " + created.body());
            }
            String id = created.body().get("id").asText();
            var completed = agent.post("/checkout_sessions/" + id + "/complete", AcpClient.completeBody("spt_test_success"));
            long t2 = System.nanoTime();
            if (!"completed".equals(completed.body().path("status").asText())) {
                throw new IllegalStateException("complete did not complete: " + completed.body());
            }
            create[i] = t1 - t0;
            complete[i] = t2 - t1;
        }
        return new long[][] {create, complete};
    }

    static void print(String label, long[] nanos) {
        List<Long> sorted = new ArrayList<>();
        for (long v : nanos) {
            sorted.add(v);
        }
        Collections.sort(sorted);
        System.out.printf("%s n=%d median=%.1f ms p99=%.1f ms max=%.1f ms%n", label, sorted.size(),
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6);
    }
}
