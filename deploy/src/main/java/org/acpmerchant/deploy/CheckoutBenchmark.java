package org.acpmerchant.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Load test of a running stack (default: the local stack on 8080) as an agent platform would drive it: each checkout
 * is create, optionally update, then complete (polling while {@code complete_in_progress}). Closed model
 * ({@code --agents N}: N agents, each starting its next checkout when the previous ends) or open model
 * ({@code --rate R}: arrivals on a fixed schedule, latency counted from the scheduled start, at most
 * {@code --max-inflight} at once, arrivals beyond that dropped and counted as failures). Prints percentiles per step,
 * errors by HTTP status and ACP error code, throughput, and the CPU the stack's processes spent per completed checkout
 * (from {@code /proc}). Asserts nothing: exits 0 unless the options are wrong. Run with {@code --help} for options.
 */
public final class CheckoutBenchmark {

    static final String API_VERSION = "2026-04-17";
    private static final long POLL_INTERVAL_MILLIS = 50;
    private static final long POLL_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long TRANSPORT_BACKOFF_MILLIS = 100;
    private static final long SAMPLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long GAUGE_READ_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How long the report waits for the measured orders' webhooks to be delivered. */
    private static final Duration WEBHOOK_PATIENCE = Duration.ofSeconds(30);

    private static final String USAGE = """
            usage: CheckoutBenchmark [options]
              --agents N          closed model: N agents, each starts its next checkout when the previous ends, or
                                  after the Retry-After of a refusal (default 8)
              --rate R            open model: R checkouts/s on a fixed schedule (latency from the scheduled start)
              --max-inflight N    open model: checkouts in flight at most; later arrivals are dropped (default 512)
              --warmup S          seconds of load before measuring (default 5)
              --duration S        seconds measured (default 20)
              --update            update each session before completing (selects its first fulfillment option)
              --items a,b         items in every cart, quantity 1 each (default ebook-trail-guide)
              --spt TOKEN         payment token for complete (default spt_test_success)
              --base URL          gateway (default http://127.0.0.1:8080)
              --token TOKEN       agent bearer token (default the local stack's)
              --timeout S         per-request timeout (default 30)
              --progress S        progress line on stderr every S seconds, 0 = off (default 5)
              --json FILE         also write a JSON summary to FILE
              --pids p1,p2        processes (with their descendants) whose CPU is measured
              --pid-pattern RE    or: processes whose command line matches RE, with descendants
                                  (default acp-local-stack-exec.jar|postgres)
              --idle S            first measure the stack's CPU at rest for S seconds (default 0 = skip)
              --webhook-db URL    order-service's database, to report the webhook lag of the measured orders
                                  (default the local stack's jdbc:postgresql://127.0.0.1:54329/acp?user=postgres;
                                  none = skip); --webhook-schema S its schema (default orders)
              --metrics URL       the gateway's Prometheus endpoint, read every 5 s of the measured window for the
                                  create gate and its target (default <base>/actuator/prometheus; none = skip)
            """;

    private CheckoutBenchmark() {}

    /** Parsed command line. */
    static final class Options {
        String base = "http://127.0.0.1:8080";
        String token = LocalStack.DEFAULT_AGENT_TOKEN;
        int agents = 8;
        double rate;
        int maxInflight = 512;
        double warmup = 5;
        double duration = 20;
        double timeout = 30;
        double progress = 5;
        double idle;
        boolean update;
        List<String> items = List.of("ebook-trail-guide");
        String spt = "spt_test_success";
        Path json;
        Set<Long> pids;
        Pattern pidPattern = Pattern.compile("acp-local-stack-exec.jar|postgres");
        String webhookDb = "jdbc:postgresql://127.0.0.1:54329/acp?user=postgres";
        String webhookSchema = "orders";
        /** The gateway's Prometheus endpoint for the create gate's gauges; null = not read. */
        URI metrics;

        private static final Set<String> VALUED = Set.of("--agents", "--rate", "--max-inflight", "--warmup",
                "--duration", "--timeout", "--progress", "--idle", "--items", "--spt", "--base", "--token", "--json",
                "--pids", "--pid-pattern", "--webhook-db", "--webhook-schema", "--metrics");

        boolean open() {
            return rate > 0;
        }

        static Options parse(String[] args) {
            Options o = new Options();
            boolean agentsGiven = false;
            String metrics = ""; // "" = the default, under --base
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                String value = null;
                int eq = name.indexOf('=');
                if (name.startsWith("--") && eq > 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (name.equals("--update")) {
                    o.update = true;
                    continue;
                }
                if (name.equals("--help") || name.equals("-h")) {
                    throw new IllegalArgumentException("");
                }
                if (!VALUED.contains(name)) {
                    throw new IllegalArgumentException("unknown option " + name);
                }
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    value = args[++i];
                }
                switch (name) {
                    case "--agents" -> {
                        o.agents = positiveInt(name, value);
                        agentsGiven = true;
                    }
                    case "--rate" -> o.rate = seconds(name, value, false);
                    case "--max-inflight" -> o.maxInflight = positiveInt(name, value);
                    case "--warmup" -> o.warmup = seconds(name, value, true);
                    case "--duration" -> o.duration = seconds(name, value, false);
                    case "--timeout" -> o.timeout = seconds(name, value, false);
                    case "--progress" -> o.progress = seconds(name, value, true);
                    case "--idle" -> o.idle = seconds(name, value, true);
                    case "--items" -> {
                        o.items = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                        if (o.items.isEmpty()) {
                            throw new IllegalArgumentException("--items needs at least one item id");
                        }
                    }
                    case "--spt" -> o.spt = value;
                    case "--base" -> o.base = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
                    case "--token" -> o.token = value;
                    case "--json" -> o.json = Path.of(value);
                    case "--webhook-db" -> o.webhookDb = value.equals("none") ? null : value;
                    case "--webhook-schema" -> o.webhookSchema = value;
                    case "--metrics" -> metrics = value.equals("none") ? null : value;
                    case "--pids" -> {
                        o.pids = new LinkedHashSet<>();
                        for (String p : value.split(",")) {
                            o.pids.add((long) positiveInt(name, p.trim()));
                        }
                    }
                    case "--pid-pattern" -> {
                        try {
                            o.pidPattern = Pattern.compile(value);
                        } catch (PatternSyntaxException e) {
                            throw new IllegalArgumentException("--pid-pattern: " + e.getDescription());
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (o.open() && agentsGiven) {
                throw new IllegalArgumentException("--agents (closed model) and --rate (open model) exclude each other");
            }
            URI uri;
            try {
                uri = URI.create(o.base + "/checkout_sessions");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--base: " + e.getMessage());
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("--base must be an http(s) URL");
            }
            if (metrics != null) {
                try {
                    o.metrics = URI.create(metrics.isEmpty() ? o.base + "/actuator/prometheus" : metrics);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--metrics: " + e.getMessage());
                }
            }
            return o;
        }

        private static int positiveInt(String name, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " needs a positive whole number, not '" + value + "'");
        }

        private static double seconds(String name, String value, boolean zeroAllowed) {
            try {
                double d = Double.parseDouble(value);
                if (Double.isFinite(d) && (d > 0 || (zeroAllowed && d == 0))) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " needs a " + (zeroAllowed ? "non-negative" : "positive")
                    + " number, not '" + value + "'");
        }
    }

    /** Why a checkout failed: the error key, and whether no HTTP answer came at all. */
    private static final class Failure extends RuntimeException {
        final String key;
        final boolean transport;
        /** A refusal's {@code Retry-After}, in ms (0 when none). */
        final long retryAfterMillis;

        Failure(String key, boolean transport) {
            this(key, transport, 0);
        }

        Failure(String key, boolean transport, long retryAfterMillis) {
            super(key, null, false, false);
            this.key = key;
            this.transport = transport;
            this.retryAfterMillis = retryAfterMillis;
        }
    }

    /** {@code Retry-After} in seconds (the only form the gateway sends), as ms; 0 when absent or unreadable. */
    static long retryAfterMillis(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse("").trim();
        try {
            return Math.max(0, Math.min(60, Long.parseLong(value))) * 1000;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        new CheckoutBenchmark.Run(options).execute();
        System.exit(0);
    }

    /** One benchmark run: the load, its recorders, and the report. */
    static final class Run {

        private final Options o;
        private final ObjectMapper json = new ObjectMapper();
        private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-http");
            t.setDaemon(true);
            return t;
        });
        private final HttpClient http;
        private final Duration timeout;
        private final String auth;
        private final String keyPrefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        private final AtomicLong keys = new AtomicLong();
        private final String createBody;
        private final String quantityBody;
        private final String completeBody;

        private final LatencyHistogram create = new LatencyHistogram();
        private final LatencyHistogram update = new LatencyHistogram();
        private final LatencyHistogram complete = new LatencyHistogram();
        private final LatencyHistogram endToEnd = new LatencyHistogram();
        private final LatencyHistogram refused = new LatencyHistogram();
        private final LatencyHistogram interval = new LatencyHistogram();
        private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        private final LongAdder passed = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final LongAdder polled = new LongAdder();
        private final Set<String> measuredOrders = ConcurrentHashMap.newKeySet();
        private final LongAdder intervalPassed = new LongAdder();
        private final LongAdder intervalFailed = new LongAdder();
        private final AtomicInteger inflight = new AtomicInteger();
        /** Checkouts of the window still running; with {@link #passed}, {@link #failed}, {@link #errors} guarded by this. */
        private int measuredInflight;

        private volatile long measureStart = Long.MAX_VALUE;
        private volatile long measureEnd = Long.MAX_VALUE;
        private volatile boolean stopping;
        private volatile boolean closed;
        private final AdmissionGauges gauges;

        Run(Options o) throws IOException {
            this.o = o;
            this.timeout = Duration.ofMillis((long) (o.timeout * 1000));
            this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                    .executor(executor).build();
            this.auth = "Bearer " + o.token;
            ObjectNode body = (ObjectNode) json.readTree(AcpClient.createBody(o.items.get(0), 1));
            body.set("line_items", lineItems());
            this.createBody = json.writeValueAsString(body);
            this.quantityBody = json.writeValueAsString(json.createObjectNode().set("line_items", lineItems()));
            this.completeBody = AcpClient.completeBody(o.spt);
            this.gauges = o.metrics == null ? null : new AdmissionGauges(http, o.metrics);
        }

        private ArrayNode lineItems() {
            ArrayNode lines = json.createArrayNode();
            o.items.forEach(id -> lines.addObject().put("id", id).put("quantity", 1));
            return lines;
        }

        /** On the stack's own host, a generator at the stack's priority measures its own waiting for CPU (ADR 0042). */
        private void warnIfNotAboveTheStack(ProcessCpu cpu) {
            String host = URI.create(o.base).getHost();
            Integer own = ProcessCpu.nice(ProcessHandle.current().pid());
            if (own == null || !(host.equals("127.0.0.1") || host.equals("localhost"))) {
                return;
            }
            boolean notAbove = cpu.matched().stream().map(ProcessCpu::nice)
                    .anyMatch(stack -> stack != null && own >= stack);
            if (notAbove) {
                System.out.printf(Locale.ROOT, "note: this generator runs at nice %d, not above the stack on its host; its"
                        + " latencies include its own waiting for CPU (run it with nice -n -10, as checkout-bench.sh does"
                        + " as root: ADR 0042)%n", own);
            }
        }

        void execute() throws Exception {
            String model = o.open()
                    ? String.format(Locale.ROOT, "open model, %s checkouts/s on a fixed schedule, at most %d in flight",
                            number(o.rate), o.maxInflight)
                    : "closed model, " + o.agents + " agents";
            System.out.printf(Locale.ROOT, "%s against %s: %s s warmup, %s s measured; create (%s)%s, complete with %s%n",
                    model, o.base, number(o.warmup), number(o.duration), String.join(", ", o.items),
                    o.update ? ", update" : "", o.spt);

            ProcessCpu cpu = null;
            if (ProcessCpu.available()) {
                cpu = new ProcessCpu(o.pids, o.pids == null ? o.pidPattern : null);
                cpu.sample(); // warms up the scan (and its command-line cache) before any window
                warnIfNotAboveTheStack(cpu);
            } else {
                System.out.println("no /proc here: the stack's CPU is not measured");
            }
            Double idlePercent = null;
            if (cpu != null && o.idle > 0) {
                long t0 = System.nanoTime();
                cpu.start();
                long from = (t0 + System.nanoTime()) / 2;
                sleepUntil(t0 + (long) (o.idle * 1e9), cpu);
                long t1 = System.nanoTime();
                ProcessCpu.Window w = cpu.stop();
                idlePercent = percent(w.ticks(), (t1 + System.nanoTime()) / 2 - from);
                System.out.printf(Locale.ROOT, "stack at rest: %.1f%% of one core over %s s (%d processes)%n",
                        idlePercent, number(o.idle), w.processes());
            }

            long loadStart = System.nanoTime();
            measureStart = loadStart + (long) (o.warmup * 1e9);
            measureEnd = measureStart + (long) (o.duration * 1e9);
            Thread scheduler = null;
            if (o.open()) {
                scheduler = new Thread(() -> schedule(loadStart), "bench-schedule");
                scheduler.setDaemon(true);
                scheduler.start();
            } else {
                for (int i = 0; i < o.agents; i++) {
                    executor.execute(this::agent);
                }
            }

            long progressNanos = (long) (o.progress * 1e9);
            long nextProgress = progressNanos > 0 ? loadStart + progressNanos : Long.MAX_VALUE;
            long lastProgress = loadStart;
            boolean windowOpen = false;
            long toolCpuStart = 0;
            long windowStart = measureStart;
            long nextSample = Long.MAX_VALUE;
            long nextGaugeRead = Long.MAX_VALUE;
            while (true) {
                long now = System.nanoTime();
                if (!windowOpen && now >= measureStart) {
                    // The CPU window runs from the baseline scan to the final one (each timed at its midpoint).
                    windowOpen = true;
                    nextGaugeRead = gauges == null ? Long.MAX_VALUE : now;
                    toolCpuStart = toolCpuNanos();
                    if (cpu != null) {
                        cpu.start();
                        long after = System.nanoTime();
                        windowStart = (now + after) / 2;
                        nextSample = after + SAMPLE_NANOS;
                        continue;
                    }
                    windowStart = now;
                }
                if (now >= nextSample) {
                    cpu.sample();
                    nextSample += SAMPLE_NANOS;
                }
                if (now >= nextGaugeRead) {
                    gauges.read();
                    nextGaugeRead += GAUGE_READ_NANOS;
                }
                if (now >= nextProgress) {
                    progress(now, now - lastProgress, loadStart);
                    lastProgress = now;
                    nextProgress += progressNanos;
                }
                if (now >= measureEnd) {
                    break;
                }
                long wake = Math.min(Math.min(Math.min(nextSample, nextGaugeRead), nextProgress),
                        windowOpen ? measureEnd : measureStart);
                LockSupport.parkNanos(Math.max(0, wake - now));
            }
            stopping = true;
            if (gauges != null) {
                gauges.read(); // the gate as the window ends
            }

            // Let the checkouts started in the window finish: each is at most three requests and ten seconds of polls.
            long drainStart = System.nanoTime();
            long drainDeadline = drainStart + 3 * timeout.toNanos() + POLL_LIMIT_NANOS + SAMPLE_NANOS;
            while (inflight.get() > 0 && System.nanoTime() < drainDeadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                if (cpu != null && System.nanoTime() >= nextSample) {
                    cpu.sample();
                    nextSample += SAMPLE_NANOS;
                }
            }
            long beforeStop = System.nanoTime();
            ProcessCpu.Window stack = cpu == null ? null : cpu.stop();
            long windowNanos = (beforeStop + System.nanoTime()) / 2 - windowStart;
            long toolCpu = toolCpuNanos() - toolCpuStart;
            synchronized (this) {
                closed = true; // a checkout ending from now on no longer counts
                if (measuredInflight > 0) {
                    errors.computeIfAbsent("unfinished at the end", k -> new LongAdder()).add(measuredInflight);
                    failed.add(measuredInflight);
                }
            }
            if (scheduler != null) {
                scheduler.join(1000);
            }
            report(windowNanos, beforeStop - drainStart, stack, toolCpu, idlePercent, webhookLag());
        }

        /** The measured orders' webhook lag, from order-service's tables; null when skipped or unreadable. */
        private WebhookLag.Result webhookLag() {
            if (o.webhookDb == null || measuredOrders.isEmpty()) {
                return null;
            }
            try {
                return WebhookLag.measure(o.webhookDb, o.webhookSchema, measuredOrders, WEBHOOK_PATIENCE);
            } catch (SQLException e) {
                System.out.println("webhook lag not measured: " + e.getMessage());
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** Closed model: one agent's next checkout, started again when it ends. */
        private void agent() {
            if (stopping) {
                return;
            }
            checkout(System.nanoTime()).whenComplete((pauseMillis, ignored) -> {
                if (pauseMillis != null && pauseMillis > 0) {
                    // Refused (its Retry-After, as an agent honours it) or no answer at all: pause rather than spin.
                    CompletableFuture.delayedExecutor(pauseMillis, TimeUnit.MILLISECONDS, executor)
                            .execute(this::agent);
                } else {
                    executor.execute(this::agent);
                }
            });
        }

        /** Open model: arrivals at loadStart + i / rate until the window ends, however the stack keeps up. */
        private void schedule(long loadStart) {
            for (long i = 0; !stopping; i++) {
                long at = loadStart + (long) (i * 1e9 / o.rate);
                if (at >= measureEnd) {
                    return;
                }
                long wait;
                while ((wait = at - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (inflight.get() >= o.maxInflight) {
                    dropped(at >= measureStart && at < measureEnd);
                } else {
                    checkout(at);
                }
            }
        }

        /**
         * One checkout whose (scheduled) start is {@code start}; completes, never exceptionally, with how long a
         * closed-model agent pauses before its next one: a refusal's {@code Retry-After}, a pause after no HTTP answer
         * at all, else 0.
         */
        private CompletableFuture<Long> checkout(long start) {
            boolean window = start >= measureStart && start < measureEnd;
            inflight.incrementAndGet();
            if (window) {
                synchronized (this) {
                    measuredInflight++;
                }
            }
            BooleanSupplier measured = () -> window && !closed;
            CompletableFuture<JsonNode> session = send(post("/checkout_sessions", createBody))
                    .handle((r, ex) -> answer("create", r, ex, 201, start, create, measured));
            if (o.update) {
                session = session.thenCompose(s -> {
                    String id = s.path("id").asText();
                    long sent = System.nanoTime();
                    return send(post("/checkout_sessions/" + id, updateBody(s)))
                            .handle((r, ex) -> answer("update", r, ex, 200, sent, update, measured));
                });
            }
            return session.thenCompose(s -> {
                String id = s.path("id").asText();
                long sent = System.nanoTime();
                return send(post("/checkout_sessions/" + id + "/complete", completeBody))
                        .handle((r, ex) -> answer("complete", r, ex, 200, sent, null, measured))
                        .thenCompose(c -> outcome(id, c, sent, System.nanoTime() + POLL_LIMIT_NANOS, measured));
            }).handle((v, ex) -> {
                long nanos = System.nanoTime() - start;
                inflight.decrementAndGet();
                Failure f = null;
                if (ex != null) {
                    Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                    f = cause instanceof Failure ff ? ff : new Failure("bug " + cause, false);
                }
                if (f == null) {
                    interval.recordNanos(nanos);
                    intervalPassed.increment();
                } else {
                    intervalFailed.increment();
                }
                synchronized (this) {
                    if (window && !closed) {
                        measuredInflight--;
                        if (f == null) {
                            endToEnd.recordNanos(nanos);
                            passed.increment();
                        } else {
                            failed.increment();
                            errors.computeIfAbsent(f.key, k -> new LongAdder()).increment();
                        }
                    }
                }
                return f == null ? 0L : f.transport ? TRANSPORT_BACKOFF_MILLIS : f.retryAfterMillis;
            });
        }

        /** The session after complete: done when {@code completed}, polled every 50 ms while in progress. */
        private CompletableFuture<Void> outcome(String id, JsonNode session, long sent, long deadline,
                BooleanSupplier measured) {
            String status = session.path("status").asText();
            if ("completed".equals(status)) {
                if (measured.getAsBoolean()) {
                    complete.recordNanos(System.nanoTime() - sent);
                    String order = session.path("order").path("id").asText("");
                    if (!order.isEmpty()) {
                        measuredOrders.add(order);
                    }
                }
                return CompletableFuture.completedFuture(null);
            }
            if (!"complete_in_progress".equals(status)) {
                throw new Failure("complete status " + status, false);
            }
            if (System.nanoTime() >= deadline) {
                throw new Failure("complete still complete_in_progress after 10 s of polling", false);
            }
            polled.increment();
            Executor later = CompletableFuture.delayedExecutor(POLL_INTERVAL_MILLIS, TimeUnit.MILLISECONDS, executor);
            return CompletableFuture.supplyAsync(() -> System.nanoTime(), later)
                    .thenCompose(t -> send(get("/checkout_sessions/" + id))
                            .handle((r, ex) -> answer("poll", r, ex, 200, t, null, measured)))
                    .thenCompose(s -> outcome(id, s, sent, deadline, measured));
        }

        /** The answer's JSON when its status is {@code expected} (latency recorded), else a {@link Failure}. */
        private JsonNode answer(String step, HttpResponse<String> r, Throwable ex, int expected, long since,
                LatencyHistogram recorder, BooleanSupplier measured) {
            long nanos = System.nanoTime() - since;
            if (ex != null) {
                throw new Failure(step + " " + describe(ex), true);
            }
            int status = r.statusCode();
            if ((status == 429 || status == 503) && measured.getAsBoolean()) {
                refused.recordNanos(nanos);
            }
            JsonNode body;
            try {
                body = json.readTree(r.body());
            } catch (IOException e) {
                throw new Failure(step + " " + status + " (body not JSON)", false);
            }
            if (status != expected) {
                String code = body == null ? "" : body.path("code").asText("");
                throw new Failure(step + " " + status + " " + (code.isEmpty() ? "-" : code), false,
                        status == 429 || status == 503 ? retryAfterMillis(r) : 0);
            }
            if (body == null || !body.isObject()) {
                throw new Failure(step + " " + status + " (empty body)", false);
            }
            if (recorder != null && measured.getAsBoolean()) {
                recorder.recordNanos(nanos);
            }
            return body;
        }

        /** Selects the session's first fulfillment option, or sets every quantity to 1 again if it offers none. */
        private String updateBody(JsonNode session) {
            JsonNode first = session.path("fulfillment_options").path(0);
            if (!first.isObject()) {
                return quantityBody;
            }
            ObjectNode body = json.createObjectNode();
            body.putArray("selected_fulfillment_options").addObject().put("type", first.path("type").asText())
                    .put("option_id", first.path("id").asText()).putArray("item_ids");
            return body.toString();
        }

        private void dropped(boolean window) {
            intervalFailed.increment();
            synchronized (this) {
                if (window && !closed) {
                    failed.increment();
                    errors.computeIfAbsent("dropped (max-inflight " + o.maxInflight + ")", k -> new LongAdder())
                            .increment();
                }
            }
        }

        private HttpRequest post(String path, String body) {
            return HttpRequest.newBuilder(URI.create(o.base + path)).timeout(timeout)
                    .header("Authorization", auth).header("API-Version", API_VERSION)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", keyPrefix + keys.incrementAndGet())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        }

        private HttpRequest get(String path) {
            return HttpRequest.newBuilder(URI.create(o.base + path)).timeout(timeout)
                    .header("Authorization", auth).header("API-Version", API_VERSION).GET().build();
        }

        private CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
            try {
                return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        private static String describe(Throwable ex) {
            Throwable cause = ex;
            while ((cause instanceof CompletionException || cause.getClass() == IOException.class)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof HttpConnectTimeoutException) {
                return "connect timeout";
            }
            if (cause instanceof HttpTimeoutException) {
                return "timeout";
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
            return "io " + cause.getClass().getSimpleName() + (message.length() > 80 ? message.substring(0, 77) + "..." : message);
        }

        private void progress(long now, long sinceLast, long loadStart) {
            LatencyHistogram h = interval.takeAndReset();
            long ok = intervalPassed.sumThenReset();
            long bad = intervalFailed.sumThenReset();
            String phase = now - sinceLast < measureStart ? "warmup" : "measure";
            System.err.printf(Locale.ROOT,
                    "[%5.0fs %-7s] %7.1f checkouts/s, %d passed, %d failed, %d in flight, end-to-end p50 %s p99 %s ms%n",
                    (now - loadStart) / 1e9, phase, ok * 1e9 / sinceLast, ok, bad, inflight.get(),
                    ms(h.percentileMicros(50)), ms(h.percentileMicros(99)));
        }

        private void report(long windowNanos, long drainNanos, ProcessCpu.Window stack, long toolCpuNanos,
                Double idlePercent, WebhookLag.Result webhooks) throws IOException {
            long ok = passed.sum();
            long bad = failed.sum();
            String basis = o.open() ? " (create and end-to-end from the scheduled start)" : "";
            System.out.printf(Locale.ROOT, "%nmeasured %s s%s; latencies in ms%n", number(o.duration), basis);
            System.out.printf("%-11s %8s %9s %9s %9s %9s%n", "step", "count", "p50", "p90", "p99", "max");
            Map<String, LatencyHistogram> rows = new LinkedHashMap<>();
            rows.put("create", create);
            if (o.update) {
                rows.put("update", update);
            }
            rows.put("complete", complete);
            rows.put("end-to-end", endToEnd);
            rows.put("refused", refused);
            rows.forEach((name, h) -> System.out.printf("%-11s %8d %9s %9s %9s %9s%n", name, h.count(),
                    ms(h, h.percentileMicros(50)), ms(h, h.percentileMicros(90)), ms(h, h.percentileMicros(99)),
                    ms(h, h.maxMicros())));
            System.out.println("(complete includes polling while complete_in_progress: " + polled.sum()
                    + " polls; refused = 429/503 answers of any step)");
            double throughput = ok / o.duration;
            System.out.printf(Locale.ROOT, "%.1f completed checkouts/s%n", throughput);
            Map<String, Long> errorCounts = new TreeMap<>();
            errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
            if (!errorCounts.isEmpty()) {
                System.out.println("errors:");
                errorCounts.forEach((k, v) -> System.out.println("  " + k + ": " + v));
            }
            if (gauges != null) {
                System.out.println(gauges.summary());
            }

            if (webhooks != null) {
                System.out.printf(Locale.ROOT,
                        "webhook lag (order event stored -> agent 2xx), %d deliveries of %d measured orders: p50 %.1f, "
                                + "p90 %.1f, p99 %.1f, max %.1f ms; %d not delivered after %d s%n",
                        webhooks.deliveries(), webhooks.orders(), webhooks.p50(), webhooks.p90(), webhooks.p99(),
                        webhooks.max(), webhooks.undelivered(), WEBHOOK_PATIENCE.toSeconds());
            }

            ObjectNode cpuJson = json.createObjectNode();
            if (idlePercent != null) {
                cpuJson.put("stack_idle_percent_of_core", round(idlePercent));
            }
            if (stack != null) {
                double seconds = stack.ticks() / (double) ProcessCpu.CLK_TCK;
                System.out.printf(Locale.ROOT,
                        "stack CPU over %.1f s (the window and %.1f s of drain, %d processes): %.2f s = %.1f%% of one core, %s ms per completed checkout%n",
                        windowNanos / 1e9, drainNanos / 1e9, stack.processes(), seconds,
                        percent(stack.ticks(), windowNanos), perCheckout(seconds, ok));
                ObjectNode stackJson = cpuJson.putObject("stack");
                stackJson.put("seconds", round(seconds)).put("percent_of_core", round(percent(stack.ticks(), windowNanos)))
                        .put("processes", stack.processes()).put("wall_seconds", round(windowNanos / 1e9));
                if (ok > 0) {
                    stackJson.put("ms_per_checkout", round(seconds * 1000 / ok));
                }
                ObjectNode roots = stackJson.putObject("by_root_process");
                stack.ticksByRoot().forEach((root, ticks) -> {
                    System.out.printf(Locale.ROOT, "  %7.2f s  %s%n", ticks / (double) ProcessCpu.CLK_TCK, root);
                    roots.put(root, round(ticks / (double) ProcessCpu.CLK_TCK));
                });
                // A JVM still compiling its hot paths is still warming up: its CPU per checkout is not yet its own.
                double jit = stack.jitTicks() / (double) ProcessCpu.CLK_TCK;
                System.out.printf(Locale.ROOT, "  of which JIT compiler threads: %.2f s (%.1f%% of the stack's CPU%s)%n",
                        jit, seconds > 0 ? 100 * jit / seconds : 0.0,
                        seconds > 0 && jit / seconds > 0.05 ? "; the JVM is still compiling: warm up longer" : "");
                stackJson.put("jit_compiler_seconds", round(jit));
            }
            if (toolCpuNanos >= 0) {
                double seconds = toolCpuNanos / 1e9;
                System.out.printf(Locale.ROOT, "this tool's CPU: %.2f s = %.1f%% of one core, %s ms per completed checkout%n",
                        seconds, 100 * seconds * 1e9 / windowNanos, perCheckout(seconds, ok));
                cpuJson.putObject("tool").put("seconds", round(seconds))
                        .put("percent_of_core", round(100 * seconds * 1e9 / windowNanos));
            }

            if (o.json != null) {
                ObjectNode root = json.createObjectNode();
                ObjectNode config = root.putObject("config");
                config.put("base", o.base).put("model", o.open() ? "open" : "closed");
                if (o.open()) {
                    config.put("rate", o.rate).put("max_inflight", o.maxInflight);
                } else {
                    config.put("agents", o.agents);
                }
                config.put("warmup_seconds", o.warmup).put("duration_seconds", o.duration).put("update", o.update)
                        .put("spt", o.spt).put("timeout_seconds", o.timeout);
                o.items.forEach(config.putArray("items")::add);
                root.put("passed", ok).put("failed", bad).put("checkouts_per_second", round(throughput))
                        .put("polls", polled.sum());
                ObjectNode latency = root.putObject("latency_ms");
                rows.forEach((name, h) -> latency.putObject(name).put("count", h.count())
                        .put("p50", h.percentileMicros(50) / 1000.0).put("p90", h.percentileMicros(90) / 1000.0)
                        .put("p99", h.percentileMicros(99) / 1000.0).put("max", h.maxMicros() / 1000.0)
                        .put("mean", h.meanMicros() / 1000.0));
                ObjectNode errorsJson = root.putObject("errors");
                errorCounts.forEach(errorsJson::put);
                root.set("cpu", cpuJson);
                if (gauges != null && gauges.reads() > 0) {
                    root.putObject("create_gate").put("reads", gauges.reads()).put("min", gauges.gateMin())
                            .put("max", gauges.gateMax()).put("target_seconds_min", round(gauges.targetMin()))
                            .put("target_seconds_max", round(gauges.targetMax()));
                    AdmissionGauges.Refusals refused = gauges.refusedInWindow();
                    if (refused != null && refused.count() >= 1) {
                        ObjectNode inGateway = root.putObject("refused_in_gateway")
                                .put("count", Math.round(refused.count()))
                                .put("mean_ms", round(1000 * refused.sum() / refused.count()));
                        for (int q : new int[] {50, 99}) { // null: above the largest bucket
                            double bound = refused.quantileBound(q / 100.0);
                            if (Double.isInfinite(bound)) {
                                inGateway.putNull("p" + q + "_bound_ms");
                            } else {
                                inGateway.put("p" + q + "_bound_ms", 1000 * bound);
                            }
                        }
                    }
                }
                if (webhooks != null) {
                    root.putObject("webhook_lag_ms").put("orders", webhooks.orders())
                            .put("deliveries", webhooks.deliveries()).put("undelivered", webhooks.undelivered())
                            .put("p50", round(webhooks.p50())).put("p90", round(webhooks.p90()))
                            .put("p99", round(webhooks.p99())).put("max", round(webhooks.max()));
                }
                json.writerWithDefaultPrettyPrinter().writeValue(o.json.toFile(), root);
                System.out.println("summary written to " + o.json);
            }
            System.out.println("checkouts: " + ok + " passed, " + bad + " failed");
        }

        private static void sleepUntil(long deadline, ProcessCpu cpu) {
            long next = System.nanoTime() + SAMPLE_NANOS;
            long now;
            while ((now = System.nanoTime()) < deadline) {
                LockSupport.parkNanos(Math.min(deadline, next) - now);
                if (System.nanoTime() >= next) {
                    cpu.sample();
                    next += SAMPLE_NANOS;
                }
            }
        }

        private static long toolCpuNanos() {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getProcessCpuTime();
            }
            return -1;
        }

        private static double percent(long ticks, long wallNanos) {
            return ticks * 100.0 / ProcessCpu.CLK_TCK / (wallNanos / 1e9);
        }

        private static String perCheckout(double cpuSeconds, long checkouts) {
            return checkouts == 0 ? "-" : String.format(Locale.ROOT, "%.2f", cpuSeconds * 1000 / checkouts);
        }

        private static String ms(long micros) {
            return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
        }

        private static String ms(LatencyHistogram h, long micros) {
            return h.count() == 0 ? "-" : ms(micros);
        }

        private static double round(double d) {
            return Math.round(d * 100) / 100.0;
        }

        private static String number(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }
}
