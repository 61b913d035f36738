import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * Strideline load client (issue 5 §1, workloads 1-5; issue 11, workload 7). Drives the running server over loopback
 * with the JDK HttpClient on virtual threads; measures nothing inside the server. Every figure is
 * the median of several runs; results are printed and appended to a TSV file.
 *
 * <pre>
 * java -cp classes:postgresql.jar Bench --workload 1 --base http://127.0.0.1:18080 \
 *     --db jdbc:postgresql://127.0.0.1:15432/postgres --runs 3 --out results.tsv
 * </pre>
 */
public class Bench {

    // ---------------------------------------------------------------- options

    static final Map<String, String> OPT = new HashMap<>();

    static String opt(String name, String dflt) {
        return OPT.getOrDefault(name, dflt);
    }

    static int iopt(String name, int dflt) {
        return Integer.parseInt(opt(name, String.valueOf(dflt)));
    }

    static String BASE;
    static String DB_URL, DB_USER, DB_PASSWORD;
    static int RUNS;
    static Path OUT;
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    public static void main(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("bad option " + args[i]);
            OPT.put(args[i].substring(2), args[i + 1]);
        }
        BASE = opt("base", "http://127.0.0.1:18080") + "/api/v1";
        DB_URL = opt("db", "");
        DB_USER = opt("db-user", "postgres");
        DB_PASSWORD = opt("db-password", "");
        RUNS = iopt("runs", 3);
        OUT = Path.of(opt("out", "bench/var/results.tsv"));
        String w = opt("workload", "1");
        switch (w) {
            case "1" -> workload1();
            case "2" -> workload2();
            case "3" -> workload3();
            case "4" -> workload4();
            case "5" -> workload5();
            case "7" -> workload7();
            case "8" -> workload8();
            case "9" -> workload9();
            default -> throw new IllegalArgumentException("unknown workload " + w);
        }
    }

    // ---------------------------------------------------------------- HTTP + JSON by hand

    /** An answer; retryAfter is the Retry-After header in seconds, or 0 when there is none. */
    record Resp(int status, String body, long retryAfter) {
        Resp(int status, String body) {
            this(status, body, 0);
        }
    }

    static Resp send(String method, String path, String token, String json) {
        return send(method, path, token, json, Duration.ofSeconds(60));
    }

    /** A JSON request (no body when json is null), with a bearer token when token is not null. */
    static HttpRequest request(String method, String url, String token, String json, Duration timeout) {
        var b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    /** A request; status -1 when it failed or timed out without an answer. */
    static Resp send(String method, String path, String token, String json, Duration timeout) {
        try {
            var r = HTTP.send(request(method, BASE + path, token, json, timeout), HttpResponse.BodyHandlers.ofString());
            return new Resp(r.statusCode(), r.body(),
                    r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L));
        } catch (IOException e) {
            return new Resp(-1, String.valueOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Resp(-1, "interrupted");
        }
    }

    static Resp ok(String method, String path, String token, String json) {
        var r = send(method, path, token, json);
        if (r.status() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " -> " + r.status() + " " + r.body());
        }
        return r;
    }

    static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) throw new IllegalStateException("no " + key + " in " + json);
        return m.group(1);
    }

    static int intField(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*(-?\\d+)").matcher(json);
        if (!m.find()) throw new IllegalStateException("no " + key + " in " + json);
        return Integer.parseInt(m.group(1));
    }

    static String q(String s) {
        return "\"" + s + "\"";
    }

    record User(String id, String email, String token) {}

    record Device(String id, String token) {}

    static final String RUN_ID = Long.toString(System.currentTimeMillis(), 36);

    static User register(String prefix, int i) {
        String email = prefix + "-" + RUN_ID + "-" + i + "@bench.example";
        var r = ok(
                "POST",
                "/auth/register",
                null,
                "{\"email\":" + q(email) + ",\"password\":" + q(PASSWORD) + ",\"display_name\":"
                        + q(prefix + " " + i) + "}");
        String token = field(r.body(), "access_token");
        String id = field(r.body().substring(r.body().indexOf("\"user\"")), "id");
        return new User(id, email, token);
    }

    static String createOrg(User owner, String name) {
        return field(ok("POST", "/orgs", owner.token(), "{\"name\":" + q(name) + "}").body(), "id");
    }

    static Device sensor(User owner, String org, String hw) {
        var body = ok(
                        "POST",
                        "/devices",
                        owner.token(),
                        "{\"org_id\":" + q(org) + ",\"name\":" + q(hw) + ",\"kind\":\"sensor\",\"hardware_id\":"
                                + q(hw) + "}")
                .body();
        return new Device(field(body.substring(body.indexOf("\"device\"")), "id"), field(body, "device_token"));
    }

    static Device pair(User owner, String hw) {
        String code = field(ok("POST", "/pairing/codes", owner.token(), null).body(), "code");
        var body = ok(
                        "POST",
                        "/pairing/claim",
                        null,
                        "{\"code\":" + q(code) + ",\"hardware_id\":" + q(hw) + ",\"kind\":\"glasses\"}")
                .body();
        return new Device(field(body.substring(body.indexOf("\"device\"")), "id"), field(body, "device_token"));
    }

    /** Runs n tasks on virtual threads, at most par at a time; returns their results in order. */
    static <T> List<T> parallel(int n, int par, IntFunction<T> task) throws Exception {
        var gate = new java.util.concurrent.Semaphore(par);
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<T>>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(ex.submit(() -> {
                    gate.acquire();
                    try {
                        return task.apply(k);
                    } finally {
                        gate.release();
                    }
                }));
            }
            var out = new ArrayList<T>();
            for (var f : futures) out.add(f.get());
            return out;
        }
    }

    // ---------------------------------------------------------------- statistics and output

    static double median(List<Double> xs) {
        var s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Nearest-rank percentile of latencies in nanoseconds, in milliseconds. */
    static double percentileMs(long[] nanos, double p) {
        if (nanos.length == 0) return Double.NaN;
        var s = nanos.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))] / 1e6;
    }

    static long[] toArray(ConcurrentLinkedQueue<Long> q) {
        return q.stream().mapToLong(Long::longValue).toArray();
    }

    static String fmt(double x) {
        if (Double.isNaN(x)) return "n/a";
        if (Math.abs(x) >= 1000) return String.format(Locale.ROOT, "%,.0f", x);
        if (Math.abs(x) >= 100) return String.format(Locale.ROOT, "%.0f", x);
        if (Math.abs(x) >= 10) return String.format(Locale.ROOT, "%.1f", x);
        return String.format(Locale.ROOT, "%.2f", x);
    }

    static final List<String[]> ROWS = new ArrayList<>();

    /** One result line: the median of the runs, the runs themselves, and the target. */
    static void result(String workload, String metric, List<Double> runs, String unit, String target, String verdict) {
        double med = median(runs);
        String runsText = String.join(" ", runs.stream().map(Bench::fmt).toList());
        String[] row = {workload, metric, fmt(med), unit, runsText, target, verdict};
        ROWS.add(row);
        try {
            Files.createDirectories(OUT.toAbsolutePath().getParent());
            Files.writeString(
                    OUT,
                    String.join("\t", row) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf(
                Locale.ROOT, "  => %-4s %-44s median %12s %-10s runs [%s]  target %s %s%n", row[0], row[1], row[2],
                row[3], row[4], row[5], row[6]);
    }

    static String verdict(boolean met) {
        return met ? "MET" : "MISSED";
    }

    static Connection db() throws SQLException {
        if (DB_URL.isEmpty()) throw new IllegalStateException("--db (JDBC URL of the server's database) is required");
        var p = new Properties();
        p.setProperty("user", DB_USER);
        if (!DB_PASSWORD.isEmpty()) p.setProperty("password", DB_PASSWORD);
        return DriverManager.getConnection(DB_URL, p);
    }

    static void log(String fmt, Object... args) {
        System.out.printf(Locale.ROOT, "[%s] %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), fmt.formatted(args));
    }

    // ---------------------------------------------------------------- workload 9: live updates

    /** WebSocket clients spread over a few HttpClients (one selector thread each). */
    static final HttpClient[] WS_CLIENTS = new HttpClient[4];

    static {
        for (int i = 0; i < WS_CLIENTS.length; i++) {
            WS_CLIENTS[i] = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        }
    }

    /** One subscriber: counts events and notes when the first {@code arrivals.length} arrived. */
    static final class Sub implements WebSocket.Listener {
        final long[] arrivals;
        final AtomicLong events = new AtomicLong();
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder part = new StringBuilder();
        WebSocket socket;

        Sub(int capacity) {
            arrivals = new long[capacity];
        }

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long now = System.nanoTime();
            if (!last) {
                part.append(data);
                return null;
            }
            String msg = part.isEmpty() ? data.toString() : part.append(data).toString();
            part.setLength(0);
            if (msg.startsWith("{\"id\":")) { // an event; the server's own replies have no id
                long k = events.getAndIncrement();
                if (k < arrivals.length) arrivals[(int) k] = now;
            } else if (msg.contains("\"subscribed\"")) {
                ready.complete(null);
            } else if (msg.contains("\"error\"")) {
                ready.completeExceptionally(new IllegalStateException(msg));
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code);
            ready.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable e) {
            closed.complete(-1);
            ready.completeExceptionally(e);
        }

        void close() {
            if (socket != null && !closed.isDone()) socket.abort();
        }
    }

    /** n subscribers of topic(i) on the server at base (http://host:port), open and subscribed. */
    static List<Sub> subscribers(String base, String token, int n, IntFunction<String> topic, int capacity)
            throws Exception {
        String ws = base.replaceFirst("^http", "ws") + "/api/v1/ws";
        return parallel(n, 50, i -> {
            var sub = new Sub(capacity);
            try {
                sub.socket = WS_CLIENTS[i % WS_CLIENTS.length]
                        .newWebSocketBuilder()
                        .header("Authorization", "Bearer " + token)
                        .buildAsync(URI.create(ws), sub)
                        .get(60, TimeUnit.SECONDS);
                sub.socket.sendText("{\"type\":\"subscribe\",\"topics\":[\"" + topic.apply(i) + "\"]}", true);
                sub.ready.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("subscriber " + i + ": " + e, e);
            }
            return sub;
        });
    }

    static void closeAll(List<Sub> subs) {
        subs.forEach(Sub::close);
    }

    /**
     * Latency from a reading batch sent to the API to its event at every subscriber: one batch at
     * a time (the next once all subscribers have the last one, or after 5 s), so the k-th event of
     * each subscriber belongs to the k-th batch. Nanoseconds, all samples.
     */
    static long[] latencies(List<Sub> subs, Device device, AtomicLong cursor, int batches) throws Exception {
        long[] sent = new long[batches];
        long base = subs.getFirst().events.get();
        for (int k = 0; k < batches; k++) {
            String body = readingsBody(cursor.getAndAdd(25), 100);
            sent[k] = System.nanoTime();
            ok("POST", "/device/readings", device.token(), body);
            long until = System.nanoTime() + 5_000_000_000L;
            int want = k + 1;
            while (System.nanoTime() < until && subs.stream().anyMatch(s -> s.events.get() - base < want)) {
                Thread.sleep(1);
            }
            Thread.sleep(20);
        }
        var out = new ArrayList<Long>();
        for (var s : subs) {
            for (int k = 0; k < batches && base + k < s.arrivals.length; k++) {
                long at = s.arrivals[(int) (base + k)];
                out.add(at == 0 ? 5_000_000_000L : at - sent[k]); // a missing event counts as 5 s
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** An ingest phase with the CPU the server (--server-pid) and this client spent on it. */
    record Phase(Load load, long serverCpuMillis, long clientCpuMillis) {
        double serverMsPerThousand() {
            return serverCpuMillis * 1000.0 / load.items();
        }

        double clientCores() {
            return clientCpuMillis / (load.nanos() / 1e6);
        }
    }

    static Phase phase(List<Device> devices, AtomicLong[] cursors, int clients, int seconds) throws Exception {
        long server0 = serverCpuMillis(), client0 = clientCpuMillis();
        Load load = ingest(devices, cursors, clients, 1000, seconds);
        return new Phase(load, serverCpuMillis() - server0, clientCpuMillis() - client0);
    }

    /** utime + stime of the server process (clock ticks of 10 ms), or 0 without --server-pid. */
    static long serverCpuMillis() {
        String pid = opt("server-pid", "");
        if (pid.isEmpty()) return 0;
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException e) {
            return 0;
        }
    }

    static long clientCpuMillis() {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1_000_000;
    }

    static long serverRssMiB(String field) {
        String pid = opt("server-pid", "");
        if (pid.isEmpty()) return -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        } catch (IOException e) {
            log("cannot read the server's memory: %s", e);
        }
        return -1;
    }

    /**
     * Issue 13: live updates. (a) ingest (W1's load) with 1,000 subscribers of the devices' topics
     * against none, alternating; (b) latency from a reading batch to the event at 1,000
     * subscribers, on the same instance and with the subscribers on a second instance (--base2);
     * (c) 10,000 open WebSockets on one instance: its memory, and every event of a moderate rate
     * delivered.
     */
    static void workload9() throws Exception {
        int nDevices = iopt("devices", 100);
        int clients = iopt("clients", 8);
        int seconds = iopt("duration", 20);
        int batches = iopt("w9-batches", 50);
        int many = iopt("w9-connections", 10_000);
        String base = BASE.substring(0, BASE.length() - "/api/v1".length());
        String base2 = opt("base2", "");
        log("W9 live updates: %d devices, %d clients, %d s ingest runs, %d latency batches, %d connections, second instance %s",
                nDevices, clients, seconds, batches, many, base2.isEmpty() ? "none" : base2);
        User owner = register("w9", 0);
        String org = createOrg(owner, "bench-w9");
        List<Device> devices = parallel(nDevices, 8, i -> sensor(owner, org, "w9-sensor-" + i));
        long start = Instant.now().minus(30, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS).getEpochSecond();
        var cursors = new AtomicLong[nDevices];
        for (int i = 0; i < nDevices; i++) cursors[i] = new AtomicLong(start);
        IntFunction<String> deviceTopic = i -> "device:" + devices.get(i % nDevices).id();

        log("warm-up 5 s");
        ingest(devices, cursors, clients, 1000, 5);
        var none = new ArrayList<Double>();
        var with = new ArrayList<Double>();
        var ratio = new ArrayList<Double>();
        var delivered = new ArrayList<Double>();
        var serverCost = new ArrayList<Double>();
        var clientShare = new ArrayList<Double>();
        for (int run = 1; run <= RUNS; run++) {
            // the order alternates: the readings table grows run after run, and whichever ran
            // second would always be measured on the bigger table
            Phase quiet = null;
            if (run % 2 == 1) quiet = phase(devices, cursors, clients, seconds);
            var subs = subscribers(base, owner.token(), 1000, deviceTopic, 0);
            Thread.sleep(2000); // the 1,000 sign-ins of the sockets settle first
            Phase busy = phase(devices, cursors, clients, seconds);
            Thread.sleep(2000);
            long got = subs.stream().mapToLong(s -> s.events.get()).sum();
            long want = busy.load().requests() - busy.load().errors();
            double share = got / (want * 1000.0 / nDevices);
            closeAll(subs);
            if (quiet == null) {
                Thread.sleep(2000);
                quiet = phase(devices, cursors, clients, seconds);
            }
            double q = quiet.load().perSecond(), b = busy.load().perSecond();
            log("run %d: ingest %s readings/s without subscribers, %s with 1,000 -> %.2f; %d events delivered of %.0f (%.3f); "
                            + "server CPU per 1,000 readings %.2f / %.2f ms; load client CPU %.2f / %.2f cores",
                    run, fmt(q), fmt(b), b / q, got, want * 1000.0 / nDevices, share, quiet.serverMsPerThousand(),
                    busy.serverMsPerThousand(), quiet.clientCores(), busy.clientCores());
            none.add(q);
            with.add(b);
            ratio.add(b / q);
            delivered.add(share);
            serverCost.add(busy.serverMsPerThousand() / quiet.serverMsPerThousand());
            clientShare.add(busy.clientCores() - quiet.clientCores());
            Thread.sleep(2000);
        }
        result("W9", "ingest, no subscribers (readings/s)", none, "rows/s", "-", "");
        result("W9", "ingest, 1,000 subscribers (readings/s)", with, "rows/s", "-", "");
        result("W9", "ratio ingest with 1,000 subscribers / none", ratio, "x", ">= 0.9", verdict(median(ratio) >= 0.9));
        result("W9", "diagnosis: server CPU per reading, with / none", serverCost, "x", "-", "");
        result("W9", "diagnosis: load client CPU, with - none", clientShare, "cores", "-", "");
        result("W9", "share of events delivered during ingest", delivered, "x", "1.00", verdict(median(delivered) >= 0.999));

        for (String where : base2.isEmpty() ? List.of(base) : List.of(base, base2)) {
            String label = where.equals(base) ? "same instance" : "subscribers on a 2nd instance";
            var p50 = new ArrayList<Double>();
            var p99 = new ArrayList<Double>();
            var device = devices.getFirst();
            for (int run = 1; run <= RUNS; run++) {
                var subs = subscribers(where, owner.token(), 1000, i -> "device:" + device.id(), batches + 10);
                long[] l = latencies(subs, device, cursors[0], batches);
                closeAll(subs);
                log("run %d (%s): %d samples, p50 %s ms, p99 %s ms", run, label, l.length, fmt(percentileMs(l, 50)),
                        fmt(percentileMs(l, 99)));
                p50.add(percentileMs(l, 50));
                p99.add(percentileMs(l, 99));
                Thread.sleep(1000);
            }
            result("W9", "batch -> event at 1,000 subscribers p50, " + label, p50, "ms", "-", "");
            result("W9", "batch -> event at 1,000 subscribers p99, " + label, p99, "ms", "< 100",
                    verdict(median(p99) < 100));
        }

        log("opening %,d WebSockets (%d per device topic)", many, many / nDevices);
        long t0 = System.nanoTime();
        var crowd = subscribers(base, owner.token(), many, deviceTopic, 0);
        double openSeconds = (System.nanoTime() - t0) / 1e9;
        log("%,d open in %.1f s; server RSS %d MiB", many, openSeconds, serverRssMiB("VmRSS"));
        // a moderate rate: 10 batches a second, round robin over the devices, for `seconds`
        int sentBatches = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            int d = sentBatches % nDevices;
            ok("POST", "/device/readings", devices.get(d).token(), readingsBody(cursors[d].getAndAdd(25), 100));
            sentBatches++;
            Thread.sleep(100);
        }
        Thread.sleep(5000);
        long got = crowd.stream().mapToLong(s -> s.events.get()).sum();
        long want = (long) sentBatches * (many / nDevices);
        long closedEarly = crowd.stream().filter(s -> s.closed.isDone()).count();
        long rss = serverRssMiB("VmRSS");
        long hwm = serverRssMiB("VmHWM");
        log("%d batches -> %,d events delivered of %,d; %d sockets closed; server RSS %d MiB, peak %d MiB", sentBatches, got,
                want, closedEarly, rss, hwm);
        closeAll(crowd);
        result("W9", "open " + many + " WebSockets (s)", List.of(openSeconds), "s", "-", "");
        result("W9", "server RSS with " + many + " WebSockets", List.of((double) rss), "MiB", "< 1536",
                verdict(rss > 0 && rss < 1536));
        result("W9", "server peak RSS (whole workload)", List.of((double) hwm), "MiB", "-", "");
        result("W9", "events delivered to " + many + " sockets / sent", List.of(got / (double) want), "x", "1.00",
                verdict(got == want && closedEarly == 0));
    }

    // ---------------------------------------------------------------- workload 1: readings ingest

    static final String[] METRICS = {"temperature", "humidity", "pressure", "battery"};
    static final String[] UNITS = {"C", "%", "hPa", "%"};

    /** 1,000 readings: 250 consecutive seconds from startSecond, 4 metrics each. */
    static String readingsBody(long startSecond, int perRequest) {
        int seconds = perRequest / METRICS.length;
        var sb = new StringBuilder(perRequest * 80);
        sb.append("{\"readings\":[");
        var rnd = ThreadLocalRandom.current();
        for (int s = 0; s < seconds; s++) {
            String ts = Instant.ofEpochSecond(startSecond + s).toString();
            for (int m = 0; m < METRICS.length; m++) {
                if (s > 0 || m > 0) sb.append(',');
                sb.append("{\"metric\":\"")
                        .append(METRICS[m])
                        .append("\",\"value\":")
                        .append(Math.round(rnd.nextDouble(0, 1000) * 100) / 100.0)
                        .append(",\"unit\":\"")
                        .append(UNITS[m])
                        .append("\",\"ts\":\"")
                        .append(ts)
                        .append("\"}");
            }
        }
        return sb.append("]}").toString();
    }

    record Load(long items, long requests, long errors, long nanos, long[] latencies) {
        double perSecond() {
            return items / (nanos / 1e9);
        }
    }

    static void workload1() throws Exception {
        int nDevices = iopt("devices", 100);
        int clients = iopt("clients", 8);
        int perRequest = iopt("per-request", 1000);
        int seconds = iopt("duration", 20);
        int copyRows = iopt("copy-rows", 500_000);
        log("W1 readings ingest: %d devices, %d clients, %d readings/request, %d s per run, %d runs", nDevices,
                clients, perRequest, seconds, RUNS);
        User owner = register("w1", 0);
        String org = createOrg(owner, "bench-w1");
        List<Device> devices = parallel(nDevices, 8, i -> sensor(owner, org, "w1-sensor-" + i));
        String orgId = org;
        // every device writes its own time line: 250 s per request, starting 30 h ago
        long start = Instant.now().minus(30, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS).getEpochSecond();
        var cursors = new AtomicLong[nDevices];
        for (int i = 0; i < nDevices; i++) cursors[i] = new AtomicLong(start);

        log("warm-up 5 s");
        ingest(devices, cursors, clients, perRequest, 5);
        var app = new ArrayList<Double>();
        var raw = new ArrayList<Double>();
        var ratio = new ArrayList<Double>();
        var sql = new ArrayList<Double>();
        var p50 = new ArrayList<Double>();
        var p99 = new ArrayList<Double>();
        for (int run = 1; run <= RUNS; run++) {
            Load l = ingest(devices, cursors, clients, perRequest, seconds);
            double appRate = l.perSecond();
            log("run %d: app %s readings/s (%d requests, %d errors, p50 %s ms, p99 %s ms)", run, fmt(appRate),
                    l.requests(), l.errors(), fmt(percentileMs(l.latencies(), 50)), fmt(percentileMs(l.latencies(), 99)));
            double rawRate = copy(orgId, nDevices, perRequest, copyRows);
            log("run %d: raw COPY %s rows/s -> ratio %.2f", run, fmt(rawRate), appRate / rawRate);
            double sqlRate = appStatement(orgId, nDevices, perRequest, iopt("sql-batches", 200), clients);
            log("run %d: the app's write path alone (COPY + rollup statement), %d JDBC connections: %s rows/s -> app/that %.2f", run,
                    clients, fmt(sqlRate), appRate / sqlRate);
            sql.add(sqlRate);
            app.add(appRate);
            raw.add(rawRate);
            ratio.add(appRate / rawRate);
            p50.add(percentileMs(l.latencies(), 50));
            p99.add(percentileMs(l.latencies(), 99));
            if (l.errors() > 0) log("WARNING: %d failed requests in run %d", l.errors(), run);
        }
        double medApp = median(app);
        double medRatio = median(ratio);
        result("W1", "ingest via API (readings/s)", app, "rows/s", ">= 100,000", verdict(medApp >= 100_000));
        result("W1", "reference: raw COPY, 1 stream (rows/s)", raw, "rows/s", "-", "");
        result("W1", "ratio app / raw COPY", ratio, "x", ">= 0.5", verdict(medRatio >= 0.5));
        result("W1", "diagnosis: app's write path alone via JDBC (rows/s)", sql, "rows/s", "-", "");
        var sqlRatio = new ArrayList<Double>();
        for (int i = 0; i < app.size(); i++) sqlRatio.add(app.get(i) / sql.get(i));
        result("W1", "diagnosis: ratio app / write path alone", sqlRatio, "x", "-", "");
        result("W1", "request latency p50 (1,000 readings)", p50, "ms", "-", "");
        result("W1", "request latency p99 (1,000 readings)", p99, "ms", "-", "");
    }

    static Load ingest(List<Device> devices, AtomicLong[] cursors, int clients, int perRequest, int seconds)
            throws Exception {
        var latencies = new ConcurrentLinkedQueue<Long>();
        var items = new AtomicLong();
        var requests = new AtomicLong();
        var errors = new AtomicLong();
        long t0 = System.nanoTime();
        long deadline = t0 + seconds * 1_000_000_000L;
        int step = perRequest / METRICS.length;
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                ex.submit(() -> {
                    int k = client;
                    while (System.nanoTime() < deadline) {
                        int d = k % devices.size();
                        k += clients;
                        long from = cursors[d].getAndAdd(step);
                        String body = readingsBody(from, perRequest);
                        long s = System.nanoTime();
                        var r = send("POST", "/device/readings", devices.get(d).token(), body);
                        long e = System.nanoTime();
                        requests.incrementAndGet();
                        if (r.status() == 200) {
                            latencies.add(e - s);
                            items.addAndGet(intField(r.body(), "accepted"));
                        } else {
                            if (errors.incrementAndGet() <= 3) log("readings -> %d %s", r.status(), r.body());
                        }
                    }
                    return null;
                });
            }
        }
        long t1 = System.nanoTime();
        return new Load(items.get(), requests.get(), errors.get(), t1 - t0, toArray(latencies));
    }

    /**
     * The reference: the same shape of rows (100 devices, 4 metrics, consecutive seconds, one
     * org) written by one COPY into the same partitioned readings table. The device ids are new
     * random ones so that no row conflicts; the time range is the one the app writes to (the
     * partitions exist). The data is generated before the clock starts.
     */
    static double copy(String orgId, int nDevices, int perRequest, int rows) throws Exception {
        var out = new ByteArrayOutputStream(rows * 120);
        String received = Instant.now().toString();
        String[] dev = new String[nDevices];
        for (int i = 0; i < nDevices; i++) dev[i] = UUID.randomUUID().toString();
        long start = Instant.now().minus(30, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS).getEpochSecond();
        int seconds = perRequest / METRICS.length;
        var rnd = ThreadLocalRandom.current();
        int written = 0;
        var sb = new StringBuilder(perRequest * 120);
        for (int chunk = 0; written < rows; chunk++) {
            int d = chunk % nDevices;
            long from = start + (long) (chunk / nDevices) * seconds;
            sb.setLength(0);
            // sorted by metric then ts, like the app's insert
            for (int m = 0; m < METRICS.length && written < rows; m++) {
                for (int s = 0; s < seconds && written < rows; s++) {
                    sb.append(dev[d]).append('\t').append(METRICS[m]).append('\t')
                            .append(Instant.ofEpochSecond(from + s)).append('\t')
                            .append(Math.round(rnd.nextDouble(0, 1000) * 100) / 100.0).append('\t')
                            .append(orgId).append('\t').append(received).append('\n');
                    written++;
                }
            }
            out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] data = out.toByteArray();
        try (Connection c = db()) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            long t0 = System.nanoTime();
            long n = copy.copyIn(
                    "copy readings (device_id, metric, ts, value, org_id, received_at) from stdin",
                    new ByteArrayInputStream(data));
            long t1 = System.nanoTime();
            return n / ((t1 - t0) / 1e9);
        }
    }

    /**
     * Diagnosis, not a target: the application's write path for a batch of new readings
     * (TelemetryRepository.copyNew + rollUp), sent straight over JDBC by `conns` connections,
     * each batch its own transaction, without HTTP, JSON, validation or event publication: one
     * binary COPY of the batch into readings, then one statement upserting the hourly rollups
     * (summed here, one row per metric and hour) and the latest value per metric. New random
     * device ids; the same rows as W1's requests.
     */
    static double appStatement(String orgId, int nDevices, int perRequest, int batches, int conns) throws Exception {
        String rollUp = """
                with hourly as (
                    insert into readings_hourly as h (device_id, metric, bucket_start, count, sum, min, max)
                    select ?::uuid, metric, timestamptz 'epoch' + us * interval '1 microsecond', count, sum, min, max
                    from unnest(?::text[], ?::int8[], ?::int8[], ?::float8[], ?::float8[], ?::float8[])
                        as t (metric, us, count, sum, min, max)
                    order by metric, us
                    on conflict (device_id, metric, bucket_start) do update set count = h.count + excluded.count,
                        sum = h.sum + excluded.sum, min = least(h.min, excluded.min), max = greatest(h.max, excluded.max)
                )
                insert into readings_latest as l (device_id, metric, ts, value, unit, org_id, received_at)
                select ?::uuid, metric, timestamptz 'epoch' + us * interval '1 microsecond', value, unit, ?::uuid, now()
                from unnest(?::text[], ?::int8[], ?::float8[], ?::text[]) as t (metric, us, value, unit)
                order by metric
                on conflict (device_id, metric) do update set ts = excluded.ts, value = excluded.value,
                    unit = excluded.unit, org_id = excluded.org_id, received_at = excluded.received_at
                where excluded.ts > l.ts
                """;
        UUID org = UUID.fromString(orgId);
        UUID[] dev = new UUID[nDevices];
        for (int i = 0; i < nDevices; i++) dev[i] = UUID.randomUUID();
        long start = Instant.now().minus(30, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS).getEpochSecond();
        int seconds = perRequest / METRICS.length;
        var next = new AtomicLong();
        var rows = new AtomicLong();
        long pgEpoch = 946_684_800_000_000L; // 2000-01-01 in Unix microseconds
        long t0 = System.nanoTime();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            var fs = new ArrayList<Future<?>>();
            for (int c = 0; c < conns; c++) {
                fs.add(ex.submit(() -> {
                    try (Connection conn = db(); var ps = conn.prepareStatement(rollUp)) {
                        conn.setAutoCommit(false);
                        var copyApi = conn.unwrap(PGConnection.class).getCopyAPI();
                        var rnd = ThreadLocalRandom.current();
                        long b;
                        while ((b = next.getAndIncrement()) < batches) {
                            int d = (int) (b % nDevices);
                            long from = start + (b / nDevices) * seconds;
                            long receivedUs = System.currentTimeMillis() * 1000 - pgEpoch;
                            var buf = java.nio.ByteBuffer.allocate(19 + perRequest * 110);
                            buf.put("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1)).putInt(0).putInt(0);
                            var hMetrics = new ArrayList<Object>();
                            var hours = new ArrayList<Object>();
                            var counts = new ArrayList<Object>();
                            var sums = new ArrayList<Object>();
                            var mins = new ArrayList<Object>();
                            var maxs = new ArrayList<Object>();
                            Object[] lMetrics = new Object[METRICS.length], lMicros = new Object[METRICS.length],
                                    lValues = new Object[METRICS.length], lUnits = new Object[METRICS.length];
                            int n = 0;
                            for (int m = 0; m < METRICS.length; m++) {
                                byte[] metric = METRICS[m].getBytes(StandardCharsets.US_ASCII);
                                for (int s = 0; s < seconds; s++, n++) {
                                    long us = (from + s) * 1_000_000L;
                                    double v = Math.round(rnd.nextDouble(0, 1000) * 100) / 100.0;
                                    buf.putShort((short) 6);
                                    buf.putInt(16).putLong(dev[d].getMostSignificantBits())
                                            .putLong(dev[d].getLeastSignificantBits());
                                    buf.putInt(metric.length).put(metric);
                                    buf.putInt(8).putLong(us - pgEpoch);
                                    buf.putInt(8).putDouble(v);
                                    buf.putInt(16).putLong(org.getMostSignificantBits())
                                            .putLong(org.getLeastSignificantBits());
                                    buf.putInt(8).putLong(receivedUs);
                                    long hour = Math.floorDiv(us, 3_600_000_000L) * 3_600_000_000L;
                                    int last = hours.size() - 1;
                                    if (last >= 0 && (long) hours.get(last) == hour && hMetrics.get(last) == METRICS[m]) {
                                        counts.set(last, (long) counts.get(last) + 1);
                                        sums.set(last, (double) sums.get(last) + v);
                                        mins.set(last, Math.min((double) mins.get(last), v));
                                        maxs.set(last, Math.max((double) maxs.get(last), v));
                                    } else {
                                        hMetrics.add(METRICS[m]);
                                        hours.add(hour);
                                        counts.add(1L);
                                        sums.add(v);
                                        mins.add(v);
                                        maxs.add(v);
                                    }
                                    lMetrics[m] = METRICS[m];
                                    lMicros[m] = us;
                                    lValues[m] = v;
                                    lUnits[m] = UNITS[m];
                                }
                            }
                            buf.putShort((short) -1);
                            var copy = copyApi.copyIn("copy readings (device_id, metric, ts, value, org_id, received_at)"
                                    + " from stdin (format binary)");
                            copy.writeToCopy(buf.array(), 0, buf.position());
                            long got = copy.endCopy();
                            ps.setString(1, dev[d].toString());
                            ps.setArray(2, conn.createArrayOf("text", hMetrics.toArray()));
                            ps.setArray(3, conn.createArrayOf("int8", hours.toArray()));
                            ps.setArray(4, conn.createArrayOf("int8", counts.toArray()));
                            ps.setArray(5, conn.createArrayOf("float8", sums.toArray()));
                            ps.setArray(6, conn.createArrayOf("float8", mins.toArray()));
                            ps.setArray(7, conn.createArrayOf("float8", maxs.toArray()));
                            ps.setString(8, dev[d].toString());
                            ps.setString(9, orgId);
                            ps.setArray(10, conn.createArrayOf("text", lMetrics));
                            ps.setArray(11, conn.createArrayOf("int8", lMicros));
                            ps.setArray(12, conn.createArrayOf("float8", lValues));
                            ps.setArray(13, conn.createArrayOf("text", lUnits));
                            ps.executeUpdate();
                            conn.commit();
                            rows.addAndGet(got);
                        }
                    }
                    return null;
                }));
            }
            for (var f : fs) f.get();
        }
        return rows.get() / ((System.nanoTime() - t0) / 1e9);
    }

    // ---------------------------------------------------------------- workload 2: run uploads

    /** A 1-hour run, one point a second: t, lat, lon, ele, hr; 10 km. The client_id and times are spliced in. */
    static String trackJson(int points) {
        var sb = new StringBuilder(points * 50);
        double lat0 = 52.52, lon0 = 13.405;
        double metersPerSecond = 10_000.0 / points;
        StringBuilder t = new StringBuilder(), lat = new StringBuilder(), lon = new StringBuilder(), ele = new StringBuilder(),
                hr = new StringBuilder();
        for (int i = 0; i < points; i++) {
            String sep = i == 0 ? "" : ",";
            double dist = i * metersPerSecond;
            // a loop of about 2.5 km around a park, with a little noise
            double angle = dist / 2500.0 * 2 * Math.PI;
            double la = lat0 + 0.0036 * Math.sin(angle) + (i % 7 - 3) * 1e-6;
            double lo = lon0 + 0.0058 * (1 - Math.cos(angle)) + (i % 5 - 2) * 1e-6;
            t.append(sep).append(i);
            lat.append(sep).append(String.format(Locale.ROOT, "%.6f", la));
            lon.append(sep).append(String.format(Locale.ROOT, "%.6f", lo));
            ele.append(sep).append(String.format(Locale.ROOT, "%.1f", 35 + 8 * Math.sin(angle * 2)));
            hr.append(sep).append(130 + (int) (20 * Math.sin(i / 300.0)) + i % 3);
        }
        sb.append("{\"t\":[").append(t).append("],\"lat\":[").append(lat).append("],\"lon\":[").append(lon)
                .append("],\"ele\":[").append(ele).append("],\"hr\":[").append(hr).append("]}");
        return sb.toString();
    }

    static String runBody(String track, Instant started, int points) {
        Instant ended = started.plusSeconds(points);
        return "{\"client_id\":" + q(UUID.randomUUID().toString()) + ",\"title\":\"Morning run\",\"started_at\":"
                + q(started.toString()) + ",\"ended_at\":" + q(ended.toString()) + ",\"duration_seconds\":" + points
                + ",\"distance_meters\":10000,\"avg_speed_kmh\":10,\"max_speed_kmh\":14,\"steps\":9800,"
                + "\"calories\":650,\"avg_heart_rate\":141,\"ai_metrics\":{\"total_frames\":108000,"
                + "\"obstacles_detected\":12,\"warnings_issued\":3,\"lane_deviations\":5,"
                + "\"lane_keeping_accuracy\":0.94,\"avg_inference_ms\":18.5,\"max_inference_ms\":41.0,"
                + "\"min_inference_ms\":9.2},\"track\":" + track + "}";
    }

    static void workload2() throws Exception {
        int nUsers = iopt("users", 16);
        int clients = iopt("clients", 8);
        int seconds = iopt("duration", 20);
        int points = iopt("points", 3600);
        log("W2 run upload: %d users with a paired device each, %d clients, %d-point tracks, %d s per run, %d runs",
                nUsers, clients, points, seconds, RUNS);
        List<User> users = parallel(nUsers, 2, i -> register("w2", i));
        List<Device> devices = parallel(nUsers, 4, i -> pair(users.get(i), "w2-glasses-" + RUN_ID + "-" + i));
        // the realistic case of issue 26 §5: friends and active challenges for every uploader
        int nFriends = iopt("w2-friends", 0);
        int nChallenges = iopt("w2-challenges", 0);
        boolean realistic = nFriends > 0 || nChallenges > 0;
        int lagEvery = iopt("w2-lag-every", realistic ? 20 : 0);
        W2Social social = realistic || lagEvery > 0
                ? w2Social(users, nFriends, nChallenges, realistic, lagEvery, clients)
                : null;
        String track = trackJson(points);
        log("one upload is %,d bytes of JSON", runBody(track, Instant.now(), points).length());
        // the JIT needs longer than 5 s on a busy machine: --w2-warmup 60 for before/after comparisons
        int warmup = iopt("w2-warmup", 5);
        log("warm-up %d s", warmup);
        uploads(devices, clients, track, points, warmup, social);
        var rate = new ArrayList<Double>();
        var p50 = new ArrayList<Double>();
        var p99 = new ArrayList<Double>();
        var sql = new ArrayList<Double>();
        var lags = new LinkedHashMap<String, List<List<Double>>>();
        // the SQL diagnosis inserts runs at random times of the last year, which would overlap (and so
        // mark as duplicates) the realistic case's runs: off there unless asked for
        boolean diagnose = !opt("w2-sql", realistic ? "off" : "on").equals("off") && !DB_URL.isEmpty();
        for (int run = 1; run <= RUNS; run++) {
            if (social != null) social.reset();
            Load l = uploads(devices, clients, track, points, seconds, social);
            log("run %d: %s runs/s (%d requests, %d errors), p50 %s ms, p99 %s ms", run, fmt(l.perSecond()),
                    l.requests(), l.errors(), fmt(percentileMs(l.latencies(), 50)), fmt(percentileMs(l.latencies(), 99)));
            if (social != null) social.collect(run, lags);
            if (diagnose) {
                double sqlRate = uploadStatements(users, devices, points, iopt("w2-sql-seconds", 10), clients);
                log("run %d: the upload's SQL alone, %d JDBC connections: %s runs/s -> app/that %.2f", run, clients,
                        fmt(sqlRate), l.perSecond() / sqlRate);
                sql.add(sqlRate);
            }
            rate.add(l.perSecond());
            p50.add(percentileMs(l.latencies(), 50));
            p99.add(percentileMs(l.latencies(), 99));
            if (l.errors() > 0) log("WARNING: %d failed requests in run %d", l.errors(), run);
        }
        if (realistic) {
            String what = " (" + nFriends + " friends, " + nChallenges + " challenges)";
            result("W2", "run uploads, runs/s" + what, rate, "runs/s", ">= 200", verdict(median(rate) >= 200));
            result("W2", "upload latency p50" + what, p50, "ms", "-", "");
            result("W2", "upload latency p99" + what, p99, "ms", "< 150", verdict(median(p99) < 150));
        } else {
            result("W2", "run uploads (runs/s, " + clients + " clients)", rate, "runs/s", ">= 100", verdict(median(rate) >= 100));
            result("W2", "upload latency p50", p50, "ms", "-", "");
            result("W2", "upload latency p99", p99, "ms", "< 250", verdict(median(p99) < 250));
        }
        for (var e : lags.entrySet()) {
            var v = e.getValue();
            result("W2", "lag 201 -> " + e.getKey() + " visible p50", v.get(0), "ms", "-", "");
            result("W2", "lag 201 -> " + e.getKey() + " visible p99", v.get(1), "ms", "< 1000",
                    verdict(median(v.get(1)) < 1000));
            result("W2", "lag samples -> " + e.getKey() + " not visible in " + W2Social.LAG_TIMEOUT_S + " s", v.get(2),
                    "samples", "0", verdict(median(v.get(2)) == 0));
        }
        if (!sql.isEmpty()) {
            result("W2", "diagnosis: the upload's SQL alone via JDBC (runs/s)", sql, "runs/s", "-", "");
            var sqlRatio = new ArrayList<Double>();
            for (int i = 0; i < rate.size(); i++) sqlRatio.add(rate.get(i) / sql.get(i));
            result("W2", "diagnosis: ratio app / its SQL alone", sqlRatio, "x", "-", "");
        }
    }

    /**
     * The database work of one upload without HTTP, JSON, validation or analysis: the statements
     * the application sends in its upload transaction (advisory lock, insert of the activity with
     * its analysis returning the row, the five streams as arrays, the person's time zone, the daily
     * totals upsert, the change-log entry), one transaction per run, by {@code conns} connections
     * for {@code seconds}. The device sign-in (token lookup, last_seen update) is left out. Mirrors
     * ActivityRepository and ChangeFeed; keep it in step with them.
     */
    static double uploadStatements(List<User> users, List<Device> devices, int points, int seconds, int conns)
            throws Exception {
        double[] t = new double[points], lat = new double[points], lon = new double[points];
        float[] ele = new float[points];
        short[] hr = new short[points];
        double metersPerSecond = 10_000.0 / points;
        for (int i = 0; i < points; i++) {
            double angle = i * metersPerSecond / 2500.0 * 2 * Math.PI;
            t[i] = i;
            lat[i] = Math.round((52.52 + 0.0036 * Math.sin(angle) + (i % 7 - 3) * 1e-6) * 1e6) / 1e6;
            lon[i] = Math.round((13.405 + 0.0058 * (1 - Math.cos(angle)) + (i % 5 - 2) * 1e-6) * 1e6) / 1e6;
            ele[i] = (float) (Math.round((35 + 8 * Math.sin(angle * 2)) * 10) / 10.0);
            hr[i] = (short) (130 + (int) (20 * Math.sin(i / 300.0)) + i % 3);
        }
        var splits = new StringBuilder();
        for (int k = 1; k <= 10; k++) {
            splits.append(k == 1 ? "" : ",").append("{\"index\":").append(k)
                    .append(",\"distance_meters\":1000.0,\"duration_seconds\":360.0,\"pace_seconds_per_km\":360.0}");
        }
        String analysis = "{\"distance_meters\":10000.0,\"elapsed_seconds\":3599.0,\"moving_seconds\":3599.0,"
                + "\"elevation_gain_meters\":64.0,\"elevation_loss_meters\":64.0,\"max_elevation_meters\":43.0,"
                + "\"min_elevation_meters\":27.0,\"avg_pace_seconds_per_km\":359.9,\"avg_moving_pace_seconds_per_km\":359.9,"
                + "\"splits\":[" + splits + "],\"difficulty\":\"moderate\",\"effort_km\":10.6,\"method\":\"haversine\"}";
        String ai = "{\"total_frames\":108000,\"obstacles_detected\":12,\"warnings_issued\":3,\"lane_deviations\":5,"
                + "\"lane_keeping_accuracy\":0.94,\"avg_inference_ms\":18.5,\"max_inference_ms\":41.0,\"min_inference_ms\":9.2}";
        String insert = """
                insert into activities (id, user_id, device_id, client_id, type, title, notes, started_at,
                    ended_at, duration_s, distance_m, avg_speed_kmh, max_speed_kmh, steps, calories,
                    avg_heart_rate, ai_metrics, has_track, analysis)
                values (?::uuid, ?::uuid, ?::uuid, ?::uuid, 'run', 'Morning run', null, ?, ?, ?, 10000, 10, 14, 9800, 650,
                    141, cast(? as jsonb), true, cast(? as jsonb))
                on conflict (device_id, client_id) do nothing
                returning id, type, title, notes, started_at, ended_at, duration_s, distance_m, avg_speed_kmh,
                    max_speed_kmh, steps, calories, avg_heart_rate, ai_metrics::text as ai_metrics, device_id, client_id,
                    has_track, received_at, updated_at, visibility, weather::text as weather, analysis::text as analysis
                """;
        String totals = """
                with a as (select * from activities where id = ?::uuid)
                insert into activity_daily_totals as d (user_id, type, local_date, activities, distance_m,
                    duration_s, obstacles, warnings, lane_deviations, lane_accuracy_sum, lane_accuracy_n)
                select a.user_id, a.type, (a.started_at at time zone ?)::date, 1, a.distance_m, a.duration_s,
                    coalesce((a.ai_metrics ->> 'obstacles_detected')::bigint, 0),
                    coalesce((a.ai_metrics ->> 'warnings_issued')::bigint, 0),
                    coalesce((a.ai_metrics ->> 'lane_deviations')::bigint, 0),
                    coalesce((a.ai_metrics ->> 'lane_keeping_accuracy')::float8, 0),
                    case when a.ai_metrics ->> 'lane_keeping_accuracy' is null then 0 else 1 end
                from a
                on conflict (user_id, type, local_date) do update set
                    activities = d.activities + excluded.activities, distance_m = d.distance_m + excluded.distance_m,
                    duration_s = d.duration_s + excluded.duration_s, obstacles = d.obstacles + excluded.obstacles,
                    warnings = d.warnings + excluded.warnings, lane_deviations = d.lane_deviations + excluded.lane_deviations,
                    lane_accuracy_sum = d.lane_accuracy_sum + excluded.lane_accuracy_sum,
                    lane_accuracy_n = d.lane_accuracy_n + excluded.lane_accuracy_n
                """;
        var runs = new AtomicLong();
        var next = new AtomicLong();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long t0 = System.nanoTime();
        long deadline = t0 + seconds * 1_000_000_000L;
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            var fs = new ArrayList<Future<?>>();
            for (int c = 0; c < conns; c++) {
                fs.add(ex.submit(() -> {
                    try (Connection conn = db();
                            var lock = conn.prepareStatement(
                                    "select 1 from pg_advisory_xact_lock(hashtextextended('activity_daily_totals:' || ?, 0))");
                            var ins = conn.prepareStatement(insert);
                            var streams = conn.prepareStatement(
                                    "insert into activity_streams (activity_id, t, lat, lon, ele, hr) values (?::uuid, ?, ?, ?, ?, ?)");
                            var zone = conn.prepareStatement("select timezone from users where id = ?::uuid");
                            var add = conn.prepareStatement(totals);
                            var feed = conn.prepareStatement(
                                    "insert into change_log (user_id, entity, entity_id, op) select u, ?, ?, ? from unnest(?::uuid[]) as u")) {
                        conn.setAutoCommit(false);
                        var rnd = ThreadLocalRandom.current();
                        var pg = conn.unwrap(PGConnection.class);
                        while (System.nanoTime() < deadline) {
                            int k = (int) (next.getAndIncrement() % devices.size());
                            String user = users.get(k).id(), device = devices.get(k).id(), id = UUID.randomUUID().toString();
                            Instant started = now.minusSeconds(7200 + rnd.nextLong(365L * 86400));
                            lock.setString(1, user);
                            try (var rs = lock.executeQuery()) { rs.next(); }
                            ins.setString(1, id);
                            ins.setString(2, user);
                            ins.setString(3, device);
                            ins.setString(4, UUID.randomUUID().toString());
                            ins.setObject(5, started.atOffset(java.time.ZoneOffset.UTC));
                            ins.setObject(6, started.plusSeconds(points).atOffset(java.time.ZoneOffset.UTC));
                            ins.setInt(7, points);
                            ins.setString(8, ai);
                            ins.setString(9, analysis);
                            try (var rs = ins.executeQuery()) {
                                while (rs.next()) for (int col = 1; col <= 22; col++) rs.getObject(col);
                            }
                            streams.setString(1, id);
                            streams.setArray(2, pg.createArrayOf("float8", t));
                            streams.setArray(3, pg.createArrayOf("float8", lat));
                            streams.setArray(4, pg.createArrayOf("float8", lon));
                            streams.setArray(5, pg.createArrayOf("float4", ele));
                            streams.setArray(6, pg.createArrayOf("int2", hr));
                            streams.executeUpdate();
                            zone.setString(1, user);
                            String tz;
                            try (var rs = zone.executeQuery()) { rs.next(); tz = rs.getString(1); }
                            add.setString(1, id);
                            add.setString(2, tz);
                            add.executeUpdate();
                            feed.setString(1, "activity");
                            feed.setString(2, id);
                            feed.setString(3, "upsert");
                            feed.setArray(4, conn.createArrayOf("uuid", new Object[] {UUID.fromString(user)}));
                            feed.executeUpdate();
                            conn.commit();
                            runs.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (var f : fs) f.get();
        }
        return runs.get() / ((System.nanoTime() - t0) / 1e9);
    }

    static Load uploads(List<Device> devices, int clients, String track, int points, int seconds) throws Exception {
        return uploads(devices, clients, track, points, seconds, null);
    }

    /** With social (the realistic case or the lag measurement, else null): its start times and lag samples. */
    static Load uploads(List<Device> devices, int clients, String track, int points, int seconds, W2Social social)
            throws Exception {
        var latencies = new ConcurrentLinkedQueue<Long>();
        var items = new AtomicLong();
        var requests = new AtomicLong();
        var errors = new AtomicLong();
        long t0 = System.nanoTime();
        long deadline = t0 + seconds * 1_000_000_000L;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                ex.submit(() -> {
                    int k = client;
                    var rnd = ThreadLocalRandom.current();
                    while (System.nanoTime() < deadline) {
                        int d = k % devices.size();
                        k += clients;
                        // a run some time in the last year, ended at least 2 hours ago
                        Instant started = social != null
                                ? social.nextStart(d)
                                : now.minusSeconds(7200 + rnd.nextLong(365L * 86400));
                        String body = runBody(track, started, points);
                        long s = System.nanoTime();
                        var r = send("POST", "/device/runs", devices.get(d).token(), body);
                        long e = System.nanoTime();
                        requests.incrementAndGet();
                        if (r.status() == 201) {
                            latencies.add(e - s);
                            items.incrementAndGet();
                            if (social != null) social.uploaded(d, field(r.body(), "id"), e);
                        } else if (errors.incrementAndGet() <= 3) {
                            log("runs -> %d %s", r.status(), r.body().substring(0, Math.min(400, r.body().length())));
                        }
                    }
                    return null;
                });
            }
        }
        long t1 = System.nanoTime();
        if (social != null) social.drain(); // the last samples' polls, outside the measured time
        return new Load(items.get(), requests.get(), errors.get(), t1 - t0, toArray(latencies));
    }

    /**
     * The realistic W2 (issue 26 §5) and the lag of §1. Set-up: each uploader shares its
     * activities with friends (PATCH /me default_visibility friends) and has nFriends friends: one
     * "watcher" who signs up, sends a friend request that the uploader accepts (both through the
     * API; its feed is the one polled), and nFriends - 1 more people with both rows of each
     * friendship bulk-written by SQL as FriendRepository.insertFriendship writes them (like W7:
     * sign-up is paced at 5 password hashes a second, 1,600 of them would take minutes). The first
     * uploader creates nChallenges public backdated challenges (30 days back to 30 ahead; activity
     * count, distance and duration in turn) and every other uploader joins each, through the API.
     * Every uploader's runs then start 31 minutes apart from 29 days ago on (inside every
     * challenge, newest last, and never overlapping by half, so none is a likely duplicate).
     * Lag: every lagEvery-th upload answered 201 is followed, on its own virtual threads and its
     * own HttpClient, until its XP ledger entry (GET /me/progress/ledger of the uploader), its entry
     * in the watcher's GET /feed, and the uploader's progress in the activity-count challenge
     * (GET /challenges/{id}, my_progress reaching the uploader's count of stored runs) can be read.
     * Lag = the arrival of the first answer that shows it − the arrival of the upload's 201 (so it
     * includes one read and up to one poll interval, --w2-lag-poll-ms, default 20).
     */
    static final class W2Social {
        static final int LAG_TIMEOUT_S = 10;
        static final long SLOT_SECONDS = 31 * 60;
        static final HttpClient LAG_HTTP = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();

        final List<User> users;
        final List<User> watchers; // the friend whose feed is polled, per uploader (the uploader itself without friends)
        final String countChallenge; // null without challenges
        final String feedKey;
        final boolean realistic;
        final int lagEvery;
        final int pollMs = iopt("w2-lag-poll-ms", 20);
        final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(29));
        final long slots = (29L * 86400 - 7200) / SLOT_SECONDS;
        final AtomicLong[] next, stored;
        final AtomicLong sampled = new AtomicLong();
        final AtomicLong pending = new AtomicLong();
        final Map<String, ConcurrentLinkedQueue<Long>> lags = new LinkedHashMap<>();
        final Map<String, AtomicLong> missed = new LinkedHashMap<>();
        final ExecutorService pollers = Executors.newVirtualThreadPerTaskExecutor();
        volatile boolean wrapped;

        W2Social(List<User> users, List<User> watchers, String countChallenge, boolean realistic, int lagEvery) {
            this.users = users;
            this.watchers = watchers;
            this.countChallenge = countChallenge;
            this.realistic = realistic;
            this.lagEvery = lagEvery;
            feedKey = watchers == users ? "uploader's own feed" : "friend's feed";
            next = new AtomicLong[users.size()];
            stored = new AtomicLong[users.size()];
            for (int i = 0; i < users.size(); i++) {
                next[i] = new AtomicLong();
                stored[i] = new AtomicLong();
            }
            for (String k : countChallenge == null ? List.of("XP ledger", feedKey)
                    : List.of("XP ledger", feedKey, "challenge progress")) {
                lags.put(k, new ConcurrentLinkedQueue<>());
                missed.put(k, new AtomicLong());
            }
        }

        /** The uploader's next slot (also when only the lag is measured: the newest run is the one followed). */
        Instant nextStart(int user) {
            long k = next[user].getAndIncrement();
            if (k >= slots && !wrapped) {
                wrapped = true;
                log("WARNING: uploader %d used all %d slots of the last 29 days; later runs overlap earlier ones "
                        + "(likely duplicates: no challenge progress, not sampled for it). Use more --users.", user, slots);
            }
            return base.plusSeconds((k % slots) * SLOT_SECONDS);
        }

        void uploaded(int user, String activityId, long at) {
            long count = stored[user].incrementAndGet();
            if (lagEvery <= 0 || sampled.incrementAndGet() % lagEvery != 0) return;
            User u = users.get(user);
            follow("XP ledger", at, () -> {
                var r = lagGet("/me/progress/ledger?limit=20", u.token());
                return r.status() == 200 && r.body().contains(activityId);
            });
            follow(feedKey, at, () -> {
                var r = lagGet("/feed?limit=20", watchers.get(user).token());
                return r.status() == 200 && r.body().contains(activityId);
            });
            if (countChallenge != null && next[user].get() <= slots) {
                follow("challenge progress", at, () -> {
                    var r = lagGet("/challenges/" + countChallenge, u.token());
                    if (r.status() != 200) return false;
                    Matcher m = Pattern.compile("\"my_progress\"\\s*:\\s*([0-9.]+)").matcher(r.body());
                    return m.find() && Double.parseDouble(m.group(1)) >= count;
                });
            }
        }

        private void follow(String what, long at, java.util.function.BooleanSupplier visible) {
            pending.incrementAndGet();
            pollers.submit(() -> {
                try {
                    long deadline = at + LAG_TIMEOUT_S * 1_000_000_000L;
                    while (true) {
                        boolean seen = visible.getAsBoolean();
                        long now = System.nanoTime();
                        if (seen) {
                            lags.get(what).add(now - at);
                            return;
                        }
                        if (now > deadline) {
                            missed.get(what).incrementAndGet();
                            return;
                        }
                        Thread.sleep(pollMs);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    pending.decrementAndGet();
                }
            });
        }

        static Resp lagGet(String path, String token) {
            try {
                var r = LAG_HTTP.send(request("GET", BASE + path, token, null, Duration.ofSeconds(10)),
                        HttpResponse.BodyHandlers.ofString());
                return new Resp(r.statusCode(), r.body());
            } catch (IOException e) {
                return new Resp(-1, String.valueOf(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Resp(-1, "interrupted");
            }
        }

        /** Waits for the samples still followed (at most the lag time-out). */
        void drain() throws InterruptedException {
            long deadline = System.nanoTime() + (LAG_TIMEOUT_S + 2) * 1_000_000_000L;
            while (pending.get() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        }

        void reset() {
            lags.values().forEach(ConcurrentLinkedQueue::clear);
            missed.values().forEach(m -> m.set(0));
        }

        /** This run's lags, logged and added to the per-kind lists of p50, p99 and missed samples. */
        void collect(int run, Map<String, List<List<Double>>> out) {
            if (lagEvery <= 0) return;
            for (var e : lags.entrySet()) {
                long[] l = toArray(e.getValue());
                long miss = missed.get(e.getKey()).get();
                log("run %d: lag 201 -> %s visible: %d samples, p50 %s ms, p99 %s ms, max %s ms, %d not within %d s",
                        run, e.getKey(), l.length, fmt(percentileMs(l, 50)), fmt(percentileMs(l, 99)),
                        fmt(percentileMs(l, 100)), miss, LAG_TIMEOUT_S);
                var v = out.computeIfAbsent(e.getKey(), k -> List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
                v.get(0).add(percentileMs(l, 50));
                v.get(1).add(percentileMs(l, 99));
                v.get(2).add((double) miss);
            }
        }
    }

    static W2Social w2Social(List<User> users, int nFriends, int nChallenges, boolean realistic, int lagEvery,
            int clients) throws Exception {
        long t0 = System.nanoTime();
        if (users.size() % clients != 0) {
            log("WARNING: %d users over %d clients: some uploaders upload from two clients at once, and the "
                    + "challenge-progress lag check (a count) may see another run's progress", users.size(), clients);
        }
        List<User> watchers = users;
        if (nFriends > 0) {
            parallel(users.size(), 4, i -> ok("PATCH", "/me", users.get(i).token(), "{\"default_visibility\":\"friends\"}"));
            watchers = parallel(users.size(), 2, i -> register("w2-watcher", i));
            List<User> w = watchers;
            parallel(users.size(), 4, i -> {
                ok("POST", "/friends/requests/" + users.get(i).id(), w.get(i).token(), null);
                return ok("POST", "/friends/requests/" + w.get(i).id() + "/accept", users.get(i).token(), null);
            });
            if (nFriends > 1) {
                String ids = String.join(",", users.stream().map(u -> "('" + u.id() + "'::uuid)").toList());
                try (Connection c = db(); Statement st = c.createStatement()) {
                    st.executeUpdate("""
                            create temporary table w2_friends as
                            select gen_random_uuid() as id, u.uploader, row_number() over () as n
                            from (values %s) as u(uploader) cross join generate_series(1, %d)
                            """.formatted(ids, nFriends - 1));
                    st.executeUpdate("""
                            insert into users (id, email, password_hash, display_name, search_name)
                            select f.id, 'w2-friend-%s-' || f.n || '@bench.example', u.password_hash, 'Friend ' || f.n,
                                'friend ' || f.n
                            from w2_friends f, users u where u.id = '%s'
                            """.formatted(RUN_ID, users.getFirst().id()));
                    st.executeUpdate("""
                            insert into friendships (user_id, friend_id, since)
                            select uploader, id, now() from w2_friends
                            union all
                            select id, uploader, now() from w2_friends
                            """);
                    st.execute("analyze users");
                    st.execute("analyze friendships");
                }
            }
        }
        String countChallenge = null;
        if (nChallenges > 0) {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            String[] metrics = {"activity_count", "distance", "duration"};
            var ids = new ArrayList<String>();
            for (int i = 0; i < nChallenges; i++) {
                ids.add(field(ok("POST", "/challenges", users.getFirst().token(), "{\"name\":\"W2 " + RUN_ID + " " + i
                        + "\",\"metric\":\"" + metrics[i % 3] + "\",\"start_date\":\"" + today.minusDays(30)
                        + "\",\"end_date\":\"" + today.plusDays(30) + "\",\"visibility\":\"public\",\"backdated\":true}")
                        .body(), "id"));
            }
            parallel(users.size() * nChallenges, 4, k -> ok("POST", "/challenges/" + ids.get(k % nChallenges) + "/join",
                    users.get(k / nChallenges).token(), null));
            countChallenge = ids.getFirst();
        }
        log("W2 %s: %d uploaders with %d friends each (1 through the API, %d by SQL) in %d challenges each, set up "
                        + "in %.1f s; lag sampled every %d uploads (0: none)", realistic ? "realistic" : "lag", users.size(), nFriends,
                Math.max(0, nFriends - 1), nChallenges, (System.nanoTime() - t0) / 1e9, lagEvery);
        return new W2Social(users, watchers, countChallenge, realistic, lagEvery);
    }

    // ---------------------------------------------------------------- workload 3: read latency, small vs large

    static void workload3() throws Exception {
        int measured = iopt("w3-measured", 10); // users and devices that are queried
        int smallActivities = iopt("w3-small-activities", 20);
        int largeUsers = iopt("w3-users", 100);
        int largeActivities = iopt("w3-activities", 2000);
        int largeDevices = iopt("w3-devices", 10);
        int interval = iopt("w3-interval-s", 10);
        int days = iopt("w3-days", 30);
        int requests = iopt("w3-requests", 400);
        int clients = iopt("w3-clients", 2);
        log("W3 read latency: %d measured users and devices; small = %d activities each and 1 reading/hour; "
                        + "large = %d users x %d activities, %d devices x %d days at 1 reading/%d s",
                measured, smallActivities, largeUsers, largeActivities, largeDevices, days, interval);

        // --- the small database, through the API
        List<User> users = parallel(measured, 2, i -> register("w3", i));
        List<Device> glasses = parallel(measured, 4, i -> pair(users.get(i), "w3-glasses-" + RUN_ID + "-" + i));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        parallel(measured * smallActivities, 4, i -> {
            int u = i / smallActivities, a = i % smallActivities;
            Instant started = now.minus(Duration.ofDays(1 + a * 3L)).minusSeconds(3600L * (u % 5));
            String body = "{\"client_id\":" + q(UUID.randomUUID().toString()) + ",\"started_at\":" + q(started.toString())
                    + ",\"ended_at\":" + q(started.plusSeconds(1800).toString())
                    + ",\"duration_seconds\":1800,\"distance_meters\":" + (4000 + 37 * a)
                    + ",\"ai_metrics\":{\"obstacles_detected\":3,\"warnings_issued\":1,\"lane_deviations\":2,"
                    + "\"lane_keeping_accuracy\":0.93}}";
            return ok("POST", "/device/runs", glasses.get(u).token(), body);
        });
        User owner = users.get(0);
        String org = createOrg(owner, "bench-w3");
        List<Device> sensors = parallel(Math.max(measured, largeDevices), 4, i -> sensor(owner, org, "w3-sensor-" + RUN_ID + "-" + i));
        // one reading an hour for the month: every hourly bucket of the month exists already
        Instant from = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(days));
        Instant to = now.truncatedTo(ChronoUnit.HOURS);
        parallel(sensors.size(), 4, d -> {
            var sb = new StringBuilder("{\"readings\":[");
            int hours = days * 24;
            for (int h = 0; h < hours; h++) {
                if (h > 0) sb.append(',');
                sb.append("{\"metric\":\"temperature\",\"value\":").append(15 + h % 10).append(",\"unit\":\"C\",\"ts\":\"")
                        .append(from.plusSeconds(3600L * h + 1800)).append("\"}");
            }
            return ok("POST", "/device/readings", sensors.get(d).token(), sb.append("]}").toString());
        });
        String statsQuery = "/readings/stats?metric=temperature&from=" + from + "&to=" + to + "&interval=hour";

        var small = measureReads("small", users, owner, sensors.subList(0, measured), statsQuery, requests, clients);

        // --- the large database: more users through the API, the bulk by SQL mirroring what the app writes
        long t0 = System.nanoTime();
        List<User> more = parallel(Math.max(0, largeUsers - measured), 2, i -> register("w3bulk", i));
        log("registered %d more users through the API in %.1f s", more.size(), (System.nanoTime() - t0) / 1e9);
        var all = new ArrayList<User>(users);
        all.addAll(more);
        long t1 = System.nanoTime();
        loadLarge(all, sensors.subList(0, largeDevices), org, largeActivities, days, interval, now);
        log("loaded the large database by SQL in %.1f s", (System.nanoTime() - t1) / 1e9);
        // (bench/run.sh starts the server with 2-hour access tokens, so the load cannot outlive them)
        var large = measureReads("large", users, owner, sensors.subList(0, largeDevices), statsQuery, requests, clients);
        report("GET /stats", small.stats(), large.stats());
        report("GET /readings/stats (month, hourly)", small.readings(), large.readings());
    }

    /** Latencies of the runs on one database: {@code GET /stats} and the readings statistic. */
    record Reads(List<long[]> stats, List<long[]> readings) {}

    static Reads measureReads(String database, List<User> users, User owner, List<Device> sensors, String statsQuery,
            int requests, int clients) throws Exception {
        log("%s database: measuring", database);
        reads(users, owner, sensors, statsQuery, requests / 2, clients); // warm-up
        var out = new Reads(new ArrayList<>(), new ArrayList<>());
        for (int run = 1; run <= RUNS; run++) {
            out.stats().add(readLoop(i -> "/stats", i -> users.get(i % users.size()).token(), requests, clients));
            out.readings().add(readLoop(
                    i -> "/devices/" + sensors.get(i % sensors.size()).id() + statsQuery, i -> owner.token(), requests,
                    clients));
            log("%s run %d: /stats p50 %s p99 %s ms; /readings/stats p50 %s p99 %s ms", database, run,
                    fmt(percentileMs(out.stats().getLast(), 50)), fmt(percentileMs(out.stats().getLast(), 99)),
                    fmt(percentileMs(out.readings().getLast(), 50)), fmt(percentileMs(out.readings().getLast(), 99)));
        }
        return out;
    }

    static void report(String name, List<long[]> small, List<long[]> large) {
        report("W3", name, "small", "large", small, large);
    }

    static void report(String wl, String name, String smallName, String largeName, List<long[]> small,
            List<long[]> large) {
        var s50 = small.stream().map(l -> percentileMs(l, 50)).toList();
        var s99 = small.stream().map(l -> percentileMs(l, 99)).toList();
        var l50 = large.stream().map(l -> percentileMs(l, 50)).toList();
        var l99 = large.stream().map(l -> percentileMs(l, 99)).toList();
        var r50 = new ArrayList<Double>();
        var r99 = new ArrayList<Double>();
        for (int i = 0; i < s50.size(); i++) {
            r50.add(l50.get(i) / s50.get(i));
            r99.add(l99.get(i) / s99.get(i));
        }
        result(wl, name + " " + smallName + " p50", s50, "ms", "-", "");
        result(wl, name + " " + smallName + " p99", s99, "ms", "-", "");
        result(wl, name + " " + largeName + " p50", l50, "ms", "-", "");
        result(wl, name + " " + largeName + " p99", l99, "ms", "< 50", verdict(median(l99) < 50));
        String ratio = " ratio " + largeName + "/" + smallName;
        result(wl, name + ratio + " p50", r50, "x", "<= 2", verdict(median(r50) <= 2));
        result(wl, name + ratio + " p99", r99, "x", "<= 2", verdict(median(r99) <= 2));
    }

    static void reads(List<User> users, User owner, List<Device> sensors, String statsQuery, int n, int clients)
            throws Exception {
        readLoop(i -> "/stats", i -> users.get(i % users.size()).token(), n, clients);
        readLoop(i -> "/devices/" + sensors.get(i % sensors.size()).id() + statsQuery, i -> owner.token(), n, clients);
    }

    /** n GETs by `clients` concurrent clients; latencies of the 200s (any other answer fails the run). */
    static long[] readLoop(IntFunction<String> path, IntFunction<String> token, int n, int clients) throws Exception {
        var latencies = new ConcurrentLinkedQueue<Long>();
        var next = new AtomicLong();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            var fs = new ArrayList<Future<?>>();
            for (int c = 0; c < clients; c++) {
                fs.add(ex.submit(() -> {
                    long i;
                    while ((i = next.getAndIncrement()) < n) {
                        long s = System.nanoTime();
                        ok("GET", path.apply((int) i), token.apply((int) i), null);
                        latencies.add(System.nanoTime() - s);
                    }
                    return null;
                }));
            }
            for (var f : fs) f.get();
        }
        return toArray(latencies);
    }

    /**
     * Writes the large database's bulk directly, as the app would have written it: activities and
     * their per-day totals (rebuilt from the activities, like ActivityRepository.rebuildDailyTotals),
     * and for each device one reading every `interval` seconds for `days` days into the daily
     * partitions, with the hourly rollups and latest values computed from exactly those rows.
     */
    static void loadLarge(List<User> users, List<Device> devices, String org, int activities, int days, int interval,
            Instant now) throws SQLException {
        try (Connection c = db(); Statement st = c.createStatement()) {
            String ids = String.join(",", users.stream().map(u -> "'" + u.id() + "'::uuid").toList());
            long t = System.nanoTime();
            // activities: one a day going back (2,000 activities = 5.5 years), runs mostly
            st.executeUpdate("""
                    insert into activities (id, user_id, client_id, type, title, started_at, ended_at, duration_s,
                        distance_m, avg_speed_kmh, avg_heart_rate, ai_metrics, has_track, received_at, updated_at)
                    select gen_random_uuid(), u.id, gen_random_uuid(), x.type, 'bulk', x.started,
                        x.started + make_interval(secs => x.duration), x.duration, x.distance,
                        x.distance / x.duration * 3.6, 140,
                        case when x.type = 'run' then jsonb_build_object('obstacles_detected', 3, 'warnings_issued', 1,
                            'lane_deviations', 2, 'lane_keeping_accuracy', 0.9) end,
                        false, x.started, x.started
                    from users u cross join lateral (
                        select (array['run','run','run','walk','ride'])[1 + (g %% 5)] as type,
                            timestamptz '%s' - make_interval(days => g, hours => 6 + g %% 12) as started,
                            1200 + (g * 37) %% 3600 as duration,
                            2000.0 + (g * 131) %% 8000 as distance
                        from generate_series(1, %d) as g) x
                    where u.id in (%s)
                    """.formatted(now, activities, ids));
            st.executeUpdate("delete from activity_daily_totals where user_id in (" + ids + ")");
            st.executeUpdate("""
                    insert into activity_daily_totals (user_id, type, local_date, activities, distance_m,
                        duration_s, obstacles, warnings, lane_deviations, lane_accuracy_sum, lane_accuracy_n)
                    select a.user_id, a.type, (a.started_at at time zone u.timezone)::date, count(*), sum(a.distance_m),
                        sum(a.duration_s),
                        coalesce(sum((a.ai_metrics ->> 'obstacles_detected')::bigint), 0),
                        coalesce(sum((a.ai_metrics ->> 'warnings_issued')::bigint), 0),
                        coalesce(sum((a.ai_metrics ->> 'lane_deviations')::bigint), 0),
                        coalesce(sum((a.ai_metrics ->> 'lane_keeping_accuracy')::float8), 0),
                        count(a.ai_metrics ->> 'lane_keeping_accuracy')
                    from activities a join users u on u.id = a.user_id
                    where a.user_id in (%s)
                    group by 1, 2, 3
                    """.formatted(ids));
            log("  activities: %d users x %d in %.1f s", users.size(), activities, (System.nanoTime() - t) / 1e9);

            t = System.nanoTime();
            Instant from = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days));
            // the daily partitions, named and bounded as ReadingPartitions makes them
            for (int d = 0; d <= days + 1; d++) {
                var day = from.plus(Duration.ofDays(d));
                String name = "readings_" + day.toString().substring(0, 10).replace("-", "");
                st.execute("create table if not exists %s partition of readings for values from ('%s') to ('%s')"
                        .formatted(name, day, day.plus(Duration.ofDays(1))));
            }
            String devIds = String.join(",", devices.stream().map(d -> "'" + d.id() + "'::uuid").toList());
            long rows = 0;
            for (var dev : devices) {
                // one device per statement keeps each transaction moderate
                rows += st.executeUpdate("""
                        insert into readings (device_id, metric, ts, value, org_id, received_at)
                        select '%s'::uuid, 'temperature', ts,
                            round((18 + 6 * sin(extract(epoch from ts) / 86400 * 2 * pi()) + random())::numeric, 2),
                            '%s'::uuid, ts
                        from generate_series(timestamptz '%s', timestamptz '%s' - interval '1 second',
                            make_interval(secs => %d)) as ts
                        on conflict do nothing
                        """.formatted(dev.id(), org, from, now, interval));
            }
            st.executeUpdate("delete from readings_hourly where device_id in (" + devIds + ")");
            st.executeUpdate("""
                    insert into readings_hourly (device_id, metric, bucket_start, count, sum, min, max)
                    select device_id, metric, date_trunc('hour', ts, 'UTC'), count(*), sum(value), min(value), max(value)
                    from readings where device_id in (%s)
                    group by 1, 2, 3
                    """.formatted(devIds));
            st.executeUpdate("""
                    insert into readings_latest as l (device_id, metric, ts, value, unit, org_id, received_at)
                    select distinct on (device_id, metric) device_id, metric, ts, value, 'C', org_id, received_at
                    from readings where device_id in (%s) and ts >= timestamptz '%s' - interval '1 day'
                    order by device_id, metric, ts desc
                    on conflict (device_id, metric) do update set ts = excluded.ts, value = excluded.value,
                        received_at = excluded.received_at where excluded.ts > l.ts
                    """.formatted(devIds, now));
            log("  readings: %,d rows for %d devices (+ hourly rollups, latest) in %.1f s", rows, devices.size(),
                    (System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            st.execute("analyze activities");
            st.execute("analyze activity_daily_totals");
            st.execute("analyze readings");
            st.execute("analyze readings_hourly");
            log("  analyze in %.1f s", (System.nanoTime() - t) / 1e9);
            try (var rs = st.executeQuery("""
                    select (select count(*) from activities), (select count(*) from activity_daily_totals),
                        (select count(*) from readings), (select count(*) from readings_hourly),
                        pg_size_pretty(pg_database_size(current_database()))""")) {
                rs.next();
                log("  database now: %,d activities, %,d daily totals, %,d readings, %,d hourly rollups, %s",
                        rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5));
            }
        }
    }

    // ---------------------------------------------------------------- workload 7: the home feed

    /**
     * Issue 11: the first page of GET /feed for a person with 1,000 friends who each have 1,000
     * activities and 1,000 posts, against a person with 10 of those friends, in the same database.
     * The two readers sign up through the API; the friends, friendships, activities, posts and the
     * feed entries that the app's fan-out writes for them are bulk-written by SQL exactly as the app
     * writes them (FeedRepository.fanOut: one entry for the author, one per friend).
     */
    static void workload7() throws Exception {
        int friends = iopt("w7-friends", 1000);
        int smallFriends = iopt("w7-small-friends", 10);
        int perFriend = iopt("w7-items", 1000); // activities, and as many posts
        int requests = iopt("w7-requests", 1000);
        int clients = iopt("w7-clients", 2);
        log("W7 home feed: %d friends x (%d activities + %d posts) against %d friends", friends, perFriend, perFriend,
                smallFriends);
        User big = register("w7-big", 0);
        User small = register("w7-small", 0);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long t0 = System.nanoTime();
        try (Connection c = db(); Statement st = c.createStatement()) {
            st.executeUpdate("""
                    create temporary table w7_friends as
                    select gen_random_uuid() as id, g as n from generate_series(1, %d) as g
                    """.formatted(friends));
            st.executeUpdate("""
                    insert into users (id, email, password_hash, display_name, search_name, profile_visibility)
                    select f.id, 'w7-friend-%s-' || f.n || '@bench.example', u.password_hash, 'Friend ' || f.n,
                        'friend ' || f.n, 'friends'
                    from w7_friends f, users u where u.id = '%s'
                    """.formatted(RUN_ID, big.id()));
            st.executeUpdate("""
                    insert into friendships (user_id, friend_id, since)
                    select r.reader, f.id, timestamptz '%1$s' from w7_friends f
                    cross join lateral (values ('%2$s'::uuid), (case when f.n <= %3$d then '%4$s'::uuid end)) r(reader)
                    where r.reader is not null
                    union all
                    select f.id, r.reader, timestamptz '%1$s' from w7_friends f
                    cross join lateral (values ('%2$s'::uuid), (case when f.n <= %3$d then '%4$s'::uuid end)) r(reader)
                    where r.reader is not null
                    """.formatted(now, big.id(), smallFriends, small.id()));
            // one item every ~day per friend going back, friends interleaved by the minute
            st.executeUpdate("""
                    insert into activities (id, user_id, client_id, type, title, started_at, ended_at, duration_s,
                        distance_m, avg_speed_kmh, avg_heart_rate, has_track, received_at, updated_at, visibility,
                        map_visibility, heart_rate_visibility)
                    select gen_random_uuid(), f.id, gen_random_uuid(), 'run', 'Morning run', x.started,
                        x.started + interval '30 minutes', 1800, 5000, 10, 140, false, x.started, x.started,
                        'friends', 'friends', 'private'
                    from w7_friends f cross join lateral (
                        select timestamptz '%s' - make_interval(secs => g * 86400 + f.n * 60) as started
                        from generate_series(1, %d) as g) x
                    """.formatted(now, perFriend));
            st.executeUpdate("""
                    insert into posts (id, author_id, text, visibility, created_at, updated_at)
                    select gen_random_uuid(), f.id, 'Post ' || g || ' by friend ' || f.n, 'friends', x.at, x.at
                    from w7_friends f cross join generate_series(1, %2$d) as g
                    cross join lateral (select timestamptz '%1$s' - make_interval(secs => g * 86400 + f.n * 60 - 30)
                        as at) x
                    """.formatted(now, perFriend));
            log("  %d friends, their activities and posts in %.1f s", friends, (System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            // the fan-out: each item in its author's feed and in every friend's
            long entries = st.executeUpdate("""
                    with items as (
                        select a.id, a.started_at as at, 'activity' as kind, a.user_id as author
                        from activities a join w7_friends f on f.id = a.user_id
                        union all
                        select p.id, p.created_at, 'post', p.author_id from posts p join w7_friends f on f.id = p.author_id)
                    insert into feed_entries (owner_id, at, item_id, kind, author_id)
                    select i.author, i.at, i.id, i.kind, i.author from items i
                    union all
                    select fs.friend_id, i.at, i.id, i.kind, i.author from items i
                    join friendships fs on fs.user_id = i.author
                    """);
            st.execute("analyze");
            log("  %,d feed entries in %.1f s; database now %s", entries, (System.nanoTime() - t1) / 1e9,
                    scalar(st, "select pg_size_pretty(pg_database_size(current_database()))"));
        }
        // what the readers see is the friends' newest items: checked once before measuring
        for (var reader : List.of(big, small)) {
            String body = ok("GET", "/feed", reader.token(), null).body();
            int items = body.split("\\{\"kind\":", -1).length - 1;
            if (items != 50 || !body.contains("\"next_cursor\":\"")) {
                throw new IllegalStateException("first feed page of " + reader.email() + " has " + items
                        + " items (expected 50 and a next page): " + body.substring(0, Math.min(400, body.length())));
            }
        }
        log("measuring: %d first-page requests per run, %d clients", requests, clients);
        readLoop(i -> "/feed", i -> (i % 2 == 0 ? big : small).token(), requests, clients); // warm-up
        var smallRuns = new ArrayList<long[]>();
        var bigRuns = new ArrayList<long[]>();
        for (int run = 1; run <= RUNS; run++) {
            smallRuns.add(readLoop(i -> "/feed", i -> small.token(), requests, clients));
            bigRuns.add(readLoop(i -> "/feed", i -> big.token(), requests, clients));
            log("run %d: %d friends p50 %s p99 %s ms; %d friends p50 %s p99 %s ms", run, smallFriends,
                    fmt(percentileMs(smallRuns.getLast(), 50)), fmt(percentileMs(smallRuns.getLast(), 99)), friends,
                    fmt(percentileMs(bigRuns.getLast(), 50)), fmt(percentileMs(bigRuns.getLast(), 99)));
        }
        report("W7", "GET /feed first page", smallFriends + " friends", friends + " friends", smallRuns, bigRuns);
    }

    /**
     * Workload 8 (issue 12, issue 26 §3): a challenge with 1,000,000 participants, its leaderboard's
     * top 100 plus my own place (half of them ahead of me) and neighbours; what 20 active challenges
     * add to one activity upload (the same uploads by a person in no challenge, interleaved, in the
     * same run); and what one person's history adds: the upload cost at their ~10th activity and at
     * their ~1,000th, as a ratio measured in one run.
     */
    static void workload8() throws Exception {
        int participants = iopt("w8-participants", 1_000_000);
        int requests = iopt("w8-requests", 1000);
        int clients = iopt("w8-clients", 2);
        int uploads = iopt("w8-uploads", 300);
        int challenges = iopt("w8-challenges", 20);
        User me = register("w8-me", 0);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String body = "{\"name\":\"W8 big\",\"metric\":\"distance\",\"target\":1000000,\"start_date\":\"" + today
                + "\",\"end_date\":\"" + today.plusDays(30) + "\",\"visibility\":\"public\"}";
        String challenge = field(ok("POST", "/challenges", me.token(), body).body(), "id");
        long t0 = System.nanoTime();
        try (Connection c = db(); Statement st = c.createStatement()) {
            st.executeUpdate("""
                    create temporary table w8_people as
                    select gen_random_uuid() as id, g as n from generate_series(1, %d) as g
                    """.formatted(participants));
            st.executeUpdate("""
                    insert into users (id, email, password_hash, display_name, search_name)
                    select p.id, 'w8-%s-' || p.n || '@bench.example', u.password_hash, 'Runner ' || p.n,
                        'runner ' || p.n
                    from w8_people p, users u where u.id = '%s'
                    """.formatted(RUN_ID, me.id()));
            // the rank buckets (V42) are counted once for the bulk insert, as the migration does, rather
            // than by the trigger a row at a time (a million single-row upserts of a few hot rows)
            st.execute("alter table challenge_participants disable trigger challenge_rank_buckets_follow");
            // progress in steps of 10 m, so that many share a place; 1 % reached the target at random times
            st.executeUpdate("""
                    insert into challenge_participants (challenge_id, user_id, joined_at, progress, score,
                        completed_at, reached_key)
                    select '%1$s', p.id, now(), x.progress, least(x.progress, 1000000), x.done,
                        coalesce(x.done, timestamptz '9999-12-31T00:00:00Z')
                    from w8_people p cross join lateral (
                        select case when p.n %% 100 = 0 then 1000000 + p.n else floor(random() * 99999) * 10 end
                                   as progress,
                               case when p.n %% 100 = 0 then now() - make_interval(secs => p.n) end as done) x
                    """.formatted(challenge));
            st.execute("alter table challenge_participants enable trigger challenge_rank_buckets_follow");
            st.executeUpdate("""
                    insert into challenge_rank_buckets as b (challenge_id, place, participants)
                    select challenge_id, place, count(*) from challenge_participants
                    where challenge_id = '%s' and user_id <> '%s' group by 1, 2
                    on conflict (challenge_id, place) do update set participants = b.participants + excluded.participants
                    """.formatted(challenge, me.id()));
            st.executeUpdate("update challenge_participants set progress = 500000, score = 500000 where user_id = '"
                    + me.id() + "'");
            st.executeUpdate("update challenges set participant_count = participant_count + " + participants
                    + " where id = '" + challenge + "'");
            st.execute("analyze");
            log("W8: %,d participants in %.1f s; database now %s", participants, (System.nanoTime() - t0) / 1e9,
                    scalar(st, "select pg_size_pretty(pg_database_size(current_database()))"));
        }
        String board = "/challenges/" + challenge + "/leaderboard?limit=100";
        String first = ok("GET", board, me.token(), null).body();
        if (!first.contains("\"rank\":1,") || !first.contains("\"me\":{") || !first.contains("\"above\":{")) {
            throw new IllegalStateException("leaderboard without ranks or my place: "
                    + first.substring(0, Math.min(400, first.length())));
        }
        readLoop(i -> board, i -> me.token(), requests, clients); // warm-up
        var boards = new ArrayList<Double>();
        for (int run = 1; run <= RUNS; run++) {
            var l = readLoop(i -> board, i -> me.token(), requests, clients);
            boards.add(percentileMs(l, 99));
            log("run %d: leaderboard top 100 + my place p50 %s p99 %s ms", run, fmt(percentileMs(l, 50)),
                    fmt(percentileMs(l, 99)));
        }
        result("W8", "GET leaderboard top 100 + me, " + participants + " participants p99", boards, "ms", "< 50",
                verdict(median(boards) < 50));

        User busy = register("w8-busy", 0);
        User idle = register("w8-idle", 0);
        for (int i = 0; i < challenges; i++) {
            ok("POST", "/challenges", busy.token(), "{\"name\":\"W8 " + i + "\",\"metric\":\""
                    + (i % 2 == 0 ? "distance" : "duration") + "\",\"start_date\":\"" + today.minusDays(0)
                    + "\",\"end_date\":\"" + today.plusDays(30) + "\",\"visibility\":\"private\"}");
        }
        var extra = new ArrayList<Double>();
        var busyP50 = new ArrayList<Double>();
        Instant now = Instant.now();
        for (int run = 1; run <= RUNS; run++) {
            long[] withChallenges = new long[uploads];
            long[] without = new long[uploads];
            for (int i = 0; i < uploads; i++) {
                String at = now.minusSeconds((run * uploads + i) * 60L).toString();
                String run1 = "{\"type\":\"run\",\"started_at\":\"" + at
                        + "\",\"duration_seconds\":1800,\"distance_meters\":5000}";
                long a = System.nanoTime();
                ok("POST", "/activities", busy.token(), run1);
                long b = System.nanoTime();
                ok("POST", "/activities", idle.token(), run1);
                long e = System.nanoTime();
                withChallenges[i] = b - a;
                without[i] = e - b;
            }
            double p50With = percentileMs(withChallenges, 50);
            double p50Without = percentileMs(without, 50);
            busyP50.add(p50With);
            extra.add(p50With - p50Without);
            log("run %d: upload p50 in %d challenges %s ms, in none %s ms", run, challenges, fmt(p50With),
                    fmt(p50Without));
        }
        result("W8", "POST /activities p50, in " + challenges + " challenges", busyP50, "ms", "-", "");
        result("W8", "upload p50 added by " + challenges + " challenges", extra, "ms", "< 5",
                verdict(median(extra) < 5));
        workload8History(iopt("w8-history", 1000), iopt("w8-probe", 20));
    }

    /**
     * One person's upload cost at their ~10th and ~1,000th activity (issue 26 §3: badges and XP must
     * not cost more with history). The history is sent over HTTP, one activity a day going back, and
     * then dated in the ledger as received on its own day (a person who recorded for years, not one
     * who sent years in one day: the cap per day of receipt rightly ties together what one day
     * received). Each probe is {@code probe} uploads on yesterday's hours, the same shape both times.
     */
    static void workload8History(int history, int probe) throws Exception {
        User h = register("w8-history", 0);
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        int early = Math.min(10, history);
        sendHistory(h, 0, early, yesterday);
        double at10 = probe(h, yesterday, 0, probe);
        sendHistory(h, early, history, yesterday);
        double atMany = probe(h, yesterday, 30, probe);
        log("W8 history: upload p50 at activity ~%d %s ms, at ~%d %s ms", early + 1, fmt(at10), history + probe + 1,
                fmt(atMany));
        result("W8", "upload p50 at the ~" + history + "th activity / at the ~10th", List.of(atMany / at10), "×",
                "≈ 1", verdict(atMany / at10 < 1.5));
    }

    private static void sendHistory(User h, int from, int to, LocalDate yesterday) throws Exception {
        for (int i = from; i < to; i++) {
            String at = yesterday.minusDays(i + 1).atTime(6, 0).toInstant(ZoneOffset.UTC).toString();
            ok("POST", "/activities", h.token(), "{\"type\":\"run\",\"started_at\":\"" + at
                    + "\",\"duration_seconds\":1800,\"distance_meters\":5000}");
        }
        try (Connection c = db(); Statement st = c.createStatement()) {
            st.executeUpdate("""
                    update xp_ledger set received_at = occurred_at, received_on = local_date
                    where user_id = '%s' and local_date < '%s'
                    """.formatted(h.id(), yesterday));
        }
    }

    /** p50 of {@code n} uploads on yesterday's hours from minute {@code minute} (10 minutes each, an hour apart). */
    private static double probe(User h, LocalDate yesterday, int minute, int n) throws Exception {
        long[] took = new long[n];
        for (int j = 0; j < n; j++) {
            String at = yesterday.atTime(j % 24, minute).toInstant(ZoneOffset.UTC).toString();
            long a = System.nanoTime();
            ok("POST", "/activities", h.token(), "{\"type\":\"run\",\"started_at\":\"" + at
                    + "\",\"duration_seconds\":600,\"distance_meters\":2000}");
            took[j] = System.nanoTime() - a;
        }
        return percentileMs(took, 50);
    }

    static String scalar(Statement st, String sql) throws SQLException {
        try (var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    // ---------------------------------------------------------------- workload 4: mixed load

    static final String PASSWORD = "correct horse battery staple";

    /** One kind of request in the mix: its share, and what a client sends. */
    record Op(String name, int weight, java.util.function.Function<ThreadLocalRandom, Resp> call) {}

    /**
     * 50 % history and statistics reads, 40 % uploads, 10 % logins, by `clients` closed-loop
     * clients, each picking the next request at random by weight. Per endpoint: count, p50, p99
     * and errors (any answer that is not 2xx, or no answer). A 429 with Retry-After is waited out
     * and retried, as the apps do; those waits are counted and are part of the latency.
     */
    static void workload4() throws Exception {
        int nUsers = iopt("w4-users", 40);
        int clients = iopt("clients", 16);
        int seconds = iopt("duration", 20);
        int points = iopt("w4-points", 1800);
        log("W4 mixed load: %d users (glasses + history), %d sensors, %d clients, %d s per run, %d runs", nUsers,
                nUsers / 2, clients, seconds, RUNS);
        List<User> users = parallel(nUsers, 2, i -> register("w4", i));
        List<Device> glasses = parallel(nUsers, 4, i -> pair(users.get(i), "w4-glasses-" + RUN_ID + "-" + i));
        User owner = users.get(0);
        String org = createOrg(owner, "bench-w4");
        List<Device> sensors = parallel(nUsers / 2, 4, i -> sensor(owner, org, "w4-sensor-" + RUN_ID + "-" + i));
        String track = trackJson(points);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // some history to read: 20 runs per person (with tracks) and a day of readings per sensor
        parallel(nUsers * 20, 4, i -> ok("POST", "/device/runs", glasses.get(i % nUsers).token(),
                runBody(track, now.minus(Duration.ofDays(1 + i / nUsers)).minusSeconds(7200), points)));
        long dayAgo = now.minus(Duration.ofDays(1)).getEpochSecond();
        var cursors = new AtomicLong[sensors.size()];
        for (int d = 0; d < sensors.size(); d++) {
            cursors[d] = new AtomicLong(dayAgo);
            for (int k = 0; k < 24; k++) ok("POST", "/device/readings", sensors.get(d).token(),
                    readingsBody(cursors[d].getAndAdd(250), 1000));
        }
        String readingStats = "/readings/stats?metric=temperature&from=" + now.minus(Duration.ofDays(1))
                + "&to=" + now + "&interval=hour";
        var ops = List.of(
                new Op("GET /activities (history page)", 20, r -> send("GET", "/activities?limit=20",
                        users.get(r.nextInt(nUsers)).token(), null)),
                new Op("GET /stats", 15, r -> send("GET", "/stats", users.get(r.nextInt(nUsers)).token(), null)),
                new Op("GET /devices/{id}/readings/stats (day, hourly)", 15, r -> send("GET",
                        "/devices/" + sensors.get(r.nextInt(sensors.size())).id() + readingStats, owner.token(), null)),
                new Op("POST /device/runs (" + points + "-point track)", 20, r -> send("POST", "/device/runs",
                        glasses.get(r.nextInt(nUsers)).token(),
                        runBody(track, now.minusSeconds(7200 + r.nextLong(365L * 86400)), points))),
                new Op("POST /device/readings (100 readings)", 20, r -> {
                    int d = r.nextInt(sensors.size());
                    return send("POST", "/device/readings", sensors.get(d).token(),
                            readingsBody(cursors[d].getAndAdd(25), 100));
                }),
                new Op("POST /auth/login", 10, r -> send("POST", "/auth/login", null,
                        "{\"email\":" + q(users.get(r.nextInt(nUsers)).email()) + ",\"password\":" + q(PASSWORD) + "}")));
        log("warm-up 5 s");
        mixed(ops, clients, 5);
        var total = new ArrayList<Double>();
        var errors = new ArrayList<Double>();
        var throttledRuns = new ArrayList<Double>();
        var p50 = new HashMap<String, List<Double>>();
        var p99 = new HashMap<String, List<Double>>();
        for (int run = 1; run <= RUNS; run++) {
            var m = mixed(ops, clients, seconds);
            long n = 0, err = 0, waited = 0;
            for (var op : ops) {
                long[] l = m.latencies().get(op.name());
                n += l.length;
                err += m.errors().get(op.name()).get();
                p50.computeIfAbsent(op.name(), k -> new ArrayList<>()).add(percentileMs(l, 50));
                p99.computeIfAbsent(op.name(), k -> new ArrayList<>()).add(percentileMs(l, 99));
                log("run %d: %-48s %6d requests, p50 %7s ms, p99 %7s ms, %d errors, %d times 429 waited out", run,
                        op.name(), l.length, fmt(percentileMs(l, 50)), fmt(percentileMs(l, 99)),
                        m.errors().get(op.name()).get(), m.throttled().get(op.name()).get());
                waited += m.throttled().get(op.name()).get();
            }
            total.add(n / (m.nanos() / 1e9));
            errors.add((double) err);
            throttledRuns.add((double) waited);
            log("run %d: %s requests/s in all, %d errors", run, fmt(total.getLast()), err);
        }
        result("W4", "mixed load throughput (" + clients + " clients)", total, "req/s", "report", "");
        result("W4", "mixed load errors (non-2xx or no answer, after retries)", errors, "count", "0",
                verdict(median(errors) == 0));
        result("W4", "429 answers waited out (Retry-After) and retried", throttledRuns, "count", "report", "");
        for (var op : ops) {
            result("W4", op.name() + " p50", p50.get(op.name()), "ms", "report", "");
            result("W4", op.name() + " p99", p99.get(op.name()), "ms", "report", "");
        }
    }

    record Mixed(
            Map<String, long[]> latencies, Map<String, AtomicLong> errors, Map<String, AtomicLong> throttled, long nanos) {}

    static Mixed mixed(List<Op> ops, int clients, int seconds) throws Exception {
        int totalWeight = ops.stream().mapToInt(Op::weight).sum();
        var latencies = new HashMap<String, ConcurrentLinkedQueue<Long>>();
        var errors = new HashMap<String, AtomicLong>();
        var throttled = new HashMap<String, AtomicLong>();
        for (var op : ops) {
            latencies.put(op.name(), new ConcurrentLinkedQueue<>());
            errors.put(op.name(), new AtomicLong());
            throttled.put(op.name(), new AtomicLong());
        }
        long t0 = System.nanoTime();
        long deadline = t0 + seconds * 1_000_000_000L;
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                ex.submit(() -> {
                    var rnd = ThreadLocalRandom.current();
                    while (System.nanoTime() < deadline) {
                        int pick = rnd.nextInt(totalWeight);
                        Op op = ops.getFirst();
                        for (var o : ops) {
                            if ((pick -= o.weight()) < 0) {
                                op = o;
                                break;
                            }
                        }
                        long s = System.nanoTime();
                        var r = op.call().apply(rnd);
                        // as a well-behaved app does: a 429 with Retry-After is waited out and retried
                        // (at most 5 times); the latency counts the wait
                        for (int retry = 0; r.status() == 429 && r.retryAfter() > 0 && retry < 5; retry++) {
                            throttled.get(op.name()).incrementAndGet();
                            Thread.sleep(r.retryAfter() * 1000);
                            r = op.call().apply(rnd);
                        }
                        long e = System.nanoTime();
                        if (r.status() / 100 == 2) {
                            latencies.get(op.name()).add(e - s);
                        } else if (errors.get(op.name()).incrementAndGet() <= 3) {
                            log("%s -> %d %s", op.name(), r.status(), r.body().substring(0, Math.min(300, r.body().length())));
                        }
                    }
                    return null;
                });
            }
        }
        long t1 = System.nanoTime();
        var out = new HashMap<String, long[]>();
        latencies.forEach((k, v) -> out.put(k, toArray(v)));
        return new Mixed(out, errors, throttled, t1 - t0);
    }

    // ---------------------------------------------------------------- workload 5: login flood during ingest

    /**
     * Login capacity first (closed loop, enough clients to keep the sign-in queue full); then per
     * run: workload 1 alone, and workload 1 again while logins arrive open-loop at 5x that
     * capacity. Ingest must keep 0.8 of its rate alone; logins must be answered (200 or 429 with
     * Retry-After), never left to time out.
     */
    static void workload5() throws Exception {
        int seconds = iopt("duration", 20);
        int nDevices = iopt("devices", 100);
        int clients = iopt("clients", 8);
        double factor = Double.parseDouble(opt("w5-factor", "5"));
        log("W5 login flood at %.0fx login capacity during W1 ingest: %d s per phase, %d runs", factor, seconds, RUNS);
        List<User> people = parallel(20, 2, i -> register("w5", i));
        User owner = register("w5owner", 0);
        String org = createOrg(owner, "bench-w5");
        List<Device> devices = parallel(nDevices, 8, i -> sensor(owner, org, "w5-sensor-" + RUN_ID + "-" + i));
        long start = Instant.now().minus(30, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS).getEpochSecond();
        var cursors = new AtomicLong[nDevices];
        for (int i = 0; i < nDevices; i++) cursors[i] = new AtomicLong(start);

        log("login capacity: 8 clients, closed loop, 10 s");
        var ok = new AtomicLong();
        long t0 = System.nanoTime();
        long deadline = t0 + 10_000_000_000L;
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 8; c++) {
                int client = c;
                ex.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        if (login(people.get(client % people.size()), Duration.ofSeconds(30)).status() == 200) {
                            ok.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        double capacity = ok.get() / ((System.nanoTime() - t0) / 1e9);
        double floodRate = capacity * factor;
        log("login capacity %s logins/s -> flood at %s logins/s", fmt(capacity), fmt(floodRate));
        log("warm-up 5 s");
        ingest(devices, cursors, clients, 1000, 5);

        var alone = new ArrayList<Double>();
        var flooded = new ArrayList<Double>();
        var ratio = new ArrayList<Double>();
        var timeouts = new ArrayList<Double>();
        var rejected = new ArrayList<Double>();
        var other = new ArrayList<Double>();
        var loginP99 = new ArrayList<Double>();
        for (int run = 1; run <= RUNS; run++) {
            double a = ingest(devices, cursors, clients, 1000, seconds).perSecond();
            var flood = new Flood(people, floodRate);
            Thread floodThread = Thread.ofPlatform().start(flood);
            double f = ingest(devices, cursors, clients, 1000, seconds).perSecond();
            flood.stop();
            floodThread.join();
            flood.awaitAnswers();
            log("run %d: ingest alone %s/s, during flood %s/s (ratio %.2f); logins sent %d: 200 %d, 429 %d (Retry-After on all: %s), "
                            + "other %d, no answer within 10 s %d; p99 of answers %s ms", run, fmt(a), fmt(f), f / a,
                    flood.sent.get(), flood.ok.get(), flood.tooMany.get(), flood.tooManyWithoutRetryAfter.get() == 0,
                    flood.other.get(), flood.timeouts.get(), fmt(percentileMs(toArray(flood.latencies), 99)));
            alone.add(a);
            flooded.add(f);
            ratio.add(f / a);
            timeouts.add((double) flood.timeouts.get());
            rejected.add(flood.sent.get() == 0 ? 0 : (double) flood.tooMany.get() / flood.sent.get());
            other.add((double) flood.other.get() + flood.tooManyWithoutRetryAfter.get());
            loginP99.add(percentileMs(toArray(flood.latencies), 99));
        }
        result("W5", "login capacity (8 clients, closed loop)", List.of(capacity), "logins/s", "-", "");
        result("W5", "ingest alone (readings/s)", alone, "rows/s", "-", "");
        result("W5", "ingest during the login flood (readings/s)", flooded, "rows/s", "-", "");
        result("W5", "ratio ingest flooded / alone", ratio, "x", ">= 0.8", verdict(median(ratio) >= 0.8));
        result("W5", "flood logins answered 429 (share)", rejected, "x", "report", "");
        result("W5", "flood logins with no answer in 10 s", timeouts, "count", "0", verdict(median(timeouts) == 0));
        result("W5", "flood logins neither 200 nor 429+Retry-After", other, "count", "0", verdict(median(other) == 0));
        result("W5", "flood login answer p99", loginP99, "ms", "-", "");
    }

    static Resp login(User u, Duration timeout) {
        return send("POST", "/auth/login", null,
                "{\"email\":" + q(u.email()) + ",\"password\":" + q(PASSWORD) + "}", timeout);
    }

    /** Open-loop logins: one every 1/rate seconds, each on its own virtual thread, whatever the answers. */
    static final class Flood implements Runnable {
        final List<User> people;
        final double rate;
        final AtomicLong sent = new AtomicLong(), ok = new AtomicLong(), tooMany = new AtomicLong(),
                tooManyWithoutRetryAfter = new AtomicLong(), other = new AtomicLong(), timeouts = new AtomicLong();
        final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
        volatile boolean running = true;

        Flood(List<User> people, double rate) {
            this.people = people;
            this.rate = rate;
        }

        public void run() {
            long interval = (long) (1e9 / rate);
            long next = System.nanoTime();
            for (long i = 0; running; i++) {
                User u = people.get((int) (i % people.size()));
                sent.incrementAndGet();
                senders.submit(() -> {
                    long s = System.nanoTime();
                    var r = login(u, Duration.ofSeconds(10));
                    long e = System.nanoTime();
                    if (r.status() == -1) {
                        timeouts.incrementAndGet();
                        return;
                    }
                    latencies.add(e - s);
                    if (r.status() == 200) ok.incrementAndGet();
                    else if (r.status() == 429) {
                        tooMany.incrementAndGet();
                        if (r.retryAfter() == 0) tooManyWithoutRetryAfter.incrementAndGet();
                    } else if (other.incrementAndGet() <= 3) log("flood login -> %d %s", r.status(), r.body());
                });
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }

        void stop() {
            running = false;
        }

        void awaitAnswers() {
            senders.close();
        }
    }
}
