package io.strideline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends malformed and hostile input to every operation of the OpenAPI document and checks that
 * nothing answers 5xx, that every 4xx is a problem with a {@code code}, and that no body leaks a
 * stack trace. All failures of a run are reported together.
 *
 * <p>A fixed corpus runs for every operation; on top of it, {@code fuzz.tries} (default 3) random
 * mutations per operation, from the seed {@code fuzz.seed}. {@code bench/} runs it with many tries:
 * {@code ./mvnw test -Dtest=OpenApiFuzzTest -Dfuzz.tries=200}; from 20 tries on, every query
 * parameter also gets every garbage value (with fewer, each value goes to one parameter per operation).
 */
class OpenApiFuzzTest extends ApiTest {

    private static final int TRIES = Integer.getInteger("fuzz.tries", 3);
    private static final long SEED = Long.getLong("fuzz.seed", 20_250_601L);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern STACK_TRACE = Pattern.compile(
            "Exception|\\tat |\\bjava\\.[a-z]+\\.|org\\.springframework|tools\\.jackson|org\\.postgresql");
    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}]+)}");

    /** Hostile JSON values, as raw JSON text so that non-standard ones (1e400, NaN) can be sent. */
    static final List<String> HOSTILE_VALUES = List.of(
            "1e400",
            "-1e400",
            "\"NaN\"",
            "NaN",
            "\"Infinity\"",
            "-Infinity",
            "99999999999999999999999999",
            "-99999999999999999999999999",
            "9223372036854775808",
            "2147483648",
            "-1",
            "0",
            "1.5e-400",
            "true",
            "null",
            "[]",
            "{}",
            "[null]",
            "[[[[[[[[[[1]]]]]]]]]]",
            "{\"a\":{\"b\":[1,{}]}}",
            "\"\"",
            "\" \"",
            "\"" + "x".repeat(100_000) + "\"",
            "\"\\ud800\"",
            "\"\\udfff\\ud800x\"",
            "\"\\u0000\"",
            "\"a\\u0000b\"",
            "\"\\uffff\\ufffe\"",
            "\"\\u202e\\u200b😀\"",
            "\"notadate\"",
            "\"2024-13-45T25:61:61Z\"",
            "\"+999999999-12-31T23:59:59Z\"",
            "\"-999999999-01-01T00:00:00Z\"",
            "\"99999-01-01T00:00:00Z\"",
            "\"0000-01-01T00:00:00Z\"",
            "\"1970-01-01T00:00:00Z\"",
            "\"2024-02-30\"",
            "\"00000000-0000-0000-0000-000000000000\"",
            "\"not-a-uuid\"",
            "\"../../etc/passwd\"",
            "\"Etc/../../etc\"",
            "\"<script>alert(1)</script>\"",
            "\"' OR 1=1 --\"",
            "\"%00\"",
            "\"-1\"",
            "\"1e400\"");

    /** Whole bodies that are not JSON, or JSON of the wrong shape. */
    static final List<String> HOSTILE_BODIES = List.of(
            "{\"a\":",
            "{",
            "}",
            "[",
            "{\"a\" 1}",
            "{'single': 'quotes'}",
            "{\"a\":1,}",
            "{\"a\":1}{\"b\":2}",
            "[]",
            "[{}]",
            "\"a string\"",
            "12",
            "1e400",
            "null",
            "true",
            "\"\\ud800\"",
            "{\"\\u0000\":\"\\u0000\"}",
            "{\"" + "k".repeat(100_000) + "\":1}",
            "[".repeat(10_000) + "]".repeat(10_000),
            "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000),
            "[".repeat(10_000),
            "\uFEFF{}",
            "{}");

    static final List<String> HOSTILE_QUERY = List.of(
            "-1",
            "0",
            "99999999999",
            "-99999999999999999999",
            "1e400",
            "NaN",
            "notadate",
            "2024-13-45",
            "2024-01-01T25:00:00Z",
            "%2B999999999-12-31T23:59:59Z",
            "-999999999-01-01",
            "%00",
            "..%2F..%2Fetc",
            "../../etc",
            "%F0%9F%98%80",
            "%ED%A0%80",
            "",
            "x".repeat(3_000),
            "not-a-uuid",
            "%27%20OR%201%3D1");

    static final List<String> HOSTILE_PATH_IDS =
            List.of("not-a-uuid", "00000000-0000-0000-0000-00000000000g", "%00", "1e400", "-1", "x".repeat(2000));

    @LocalServerPort
    int serverPort;

    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    private final List<Runnable> pending = new ArrayList<>();

    private Person person;
    private Device device;
    private UUID activityId;
    private UUID orgId;

    record Op(String method, String template, JsonNode operation) {
        boolean device() {
            return template.startsWith("/api/v1/device/");
        }
    }

    record Sent(String method, String path, String summary, int status, String contentType, String body) {}

    @Test
    void everyOperationSurvivesHostileInput() {
        JsonNode docs = api.get("/v3/api-docs").expect(200).body();
        var ops = operations(docs);
        assertThat(ops).hasSizeGreaterThan(50);
        fixtures();
        var random = new Random(SEED);
        for (int i = 0; i < ops.size(); i++) {
            var op = ops.get(i);
            fuzz(op, docs, i, random);
            flush();
            keepFixturesAlive();
        }
        System.out.printf(
                "fuzz: %d operations, %d requests, seed %d, tries %d%n", ops.size(), requests.get(), SEED, TRIES);
        assertThat(failures)
                .as("%d failures:%n%s", failures.size(), String.join("\n", failures))
                .isEmpty();
    }

    /** Every operation; DELETEs last, so that they do not take away what the others use. */
    static List<Op> operations(JsonNode docs) {
        var ops = new ArrayList<Op>();
        for (var path : docs.path("paths").properties()) {
            for (var method : path.getValue().properties()) {
                if (List.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
                    ops.add(new Op(method.getKey().toUpperCase(), path.getKey(), method.getValue()));
                }
            }
        }
        ops.sort(Comparator.comparing(
                        (Op o) -> o.method().equals("DELETE") || o.template().contains("logout"))
                .thenComparing(Op::template)
                .thenComparing(Op::method));
        return ops;
    }

    // --- fixtures: a person with a device, a run and an organisation ---

    private void fixtures() {
        person = register();
        device = pair(person);
        activityId = device.api()
                .post(
                        "/api/v1/device/runs",
                        run(UUID.randomUUID(), Instant.now().minusSeconds(7200)))
                .expect(201)
                .id();
        orgId = person.api()
                .post("/api/v1/orgs", Map.of("name", "Fuzzers"))
                .expect(201)
                .id();
    }

    /** A fuzzed DELETE /me or token rotation may end the fixtures: then make new ones. */
    private void keepFixturesAlive() {
        boolean alive = person.api().get("/api/v1/me").status() == 200
                && device.api().get("/api/v1/device/config").status() == 200
                && person.api().get("/api/v1/activities/" + activityId).status() == 200
                && person.api().get("/api/v1/orgs/" + orgId).status() == 200;
        if (!alive) {
            fixtures();
        }
    }

    private String token(Op op) {
        return op.device() ? device.token() : person.accessToken();
    }

    private String wrongToken(Op op) {
        return op.device() ? person.accessToken() : device.token();
    }

    /** The template with its variables set: the caller's own ids where there is one, else a random one. */
    private String path(Op op, @Nullable String override) {
        var m = PATH_VARIABLE.matcher(op.template());
        var out = new StringBuilder();
        while (m.find()) {
            String value = override != null ? override : ownId(op.template(), m.group(1));
            m.appendReplacement(out, value.replace("$", "\\$"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String ownId(String template, String variable) {
        if (variable.equals("userId")) {
            return person.id().toString();
        }
        if (template.startsWith("/api/v1/devices/")) {
            return device.id().toString();
        }
        if (template.startsWith("/api/v1/activities/")) {
            return activityId.toString();
        }
        if (template.startsWith("/api/v1/orgs/")) {
            return orgId.toString();
        }
        return UUID.randomUUID().toString();
    }

    // --- the inputs ---

    private void fuzz(Op op, JsonNode docs, int index, Random random) {
        String own = path(op, null);
        boolean hasBody = op.operation().has("requestBody");
        JsonNode content = op.operation().path("requestBody").path("content");
        boolean multipart = content.has("multipart/form-data");
        boolean json = content.has("application/json") || !multipart;
        JsonNode schema = json
                ? content.path("application/json").path("schema")
                : content.path("multipart/form-data").path("schema");
        JsonNode valid = json && hasBody ? example(docs, schema, 0, random) : null;
        String validText = valid == null ? null : valid.toString();
        var queryParams = new ArrayList<String>();
        op.operation().path("parameters").forEach(p -> {
            if (p.path("in").asString().equals("query")) {
                queryParams.add(p.path("name").asString());
            }
        });

        // callers: none, the wrong kind of token, garbage tokens
        send(op, own, null, "no token", "application/json", bytes(validText), Map.of());
        send(op, own, wrongToken(op), "wrong token kind", "application/json", bytes(validText), Map.of());
        send(op, own, "sld_" + "0".repeat(40), "unknown device token", "application/json", bytes(validText), Map.of());
        send(
                op,
                own,
                "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
                "alg none jwt",
                "application/json",
                bytes(validText),
                Map.of());

        // path variables: someone else's (random) id and garbage
        if (!own.equals(op.template())) {
            send(
                    op,
                    path(op, UUID.randomUUID().toString()),
                    token(op),
                    "random id",
                    "application/json",
                    bytes(validText),
                    Map.of());
            for (String garbage : HOSTILE_PATH_IDS) {
                send(
                        op,
                        path(op, garbage),
                        token(op),
                        "path id " + abbreviate(garbage),
                        "application/json",
                        bytes(validText),
                        Map.of());
            }
        }

        // query parameters: every garbage value in every operation, on its parameters in turn; with
        // many tries (bench) every parameter gets every value
        boolean full = TRIES >= 20;
        for (int p = 0; p < queryParams.size(); p++) {
            for (int v = 0; v < HOSTILE_QUERY.size(); v++) {
                if (full || v % queryParams.size() == p) {
                    String name = queryParams.get(p);
                    String value = HOSTILE_QUERY.get(v);
                    send(
                            op,
                            own + "?" + name + "=" + value,
                            token(op),
                            "query " + name + "=" + abbreviate(value),
                            "application/json",
                            bytes(validText),
                            Map.of());
                }
            }
        }
        if (!queryParams.isEmpty()) {
            for (int t = 0; t < TRIES; t++) {
                var query = new StringBuilder();
                for (String name : queryParams) {
                    query.append(query.isEmpty() ? "?" : "&")
                            .append(name)
                            .append('=')
                            .append(HOSTILE_QUERY.get(random.nextInt(HOSTILE_QUERY.size())));
                }
                send(
                        op,
                        own + query,
                        token(op),
                        "query " + abbreviate(query.toString()),
                        "application/json",
                        bytes(validText),
                        Map.of());
            }
        }

        boolean write = !op.method().equals("GET") && !op.method().equals("DELETE");
        if (!write && !hasBody) {
            // a body where none is expected
            send(op, own, token(op), "unexpected body", "application/json", bytes("{\"a\":"), Map.of());
            return;
        }
        if (multipart) {
            multipart(op, own, random);
            if (!json) {
                send(op, own, token(op), "json to multipart", "application/json", bytes("{}"), Map.of());
                return;
            }
        }

        // whole bodies: malformed, wrong shape, empty, wrong content type, bad bytes
        for (String body : HOSTILE_BODIES) {
            send(op, own, token(op), "body " + abbreviate(body), "application/json", bytes(body), Map.of());
        }
        send(op, own, token(op), "empty body", "application/json", new byte[0], Map.of());
        send(op, own, token(op), "no content type", null, bytes(validText), Map.of());
        send(op, own, token(op), "text/plain", "text/plain", bytes(validText), Map.of());
        send(op, own, token(op), "xml", "application/xml", bytes("<a/>"), Map.of());
        send(op, own, token(op), "form", "application/x-www-form-urlencoded", bytes("a=1&b=%00"), Map.of());
        send(op, own, token(op), "bad charset", "application/json; charset=klingon", bytes(validText), Map.of());
        send(
                op,
                own,
                token(op),
                "invalid utf-8",
                "application/json",
                new byte[] {
                    '{',
                    '"',
                    'a',
                    '"',
                    ':',
                    '"',
                    (byte) 0xC3,
                    (byte) 0x28,
                    (byte) 0xED,
                    (byte) 0xA0,
                    (byte) 0x80,
                    '"',
                    '}'
                },
                Map.of());
        send(
                op,
                own,
                token(op),
                "utf-16",
                "application/json",
                (validText == null ? "{}" : validText).getBytes(StandardCharsets.UTF_16),
                Map.of());
        send(op, own, token(op), "not gzip", "application/json", bytes("not gzip"), Map.of("Content-Encoding", "gzip"));
        send(op, own, token(op), "deflate", "application/json", bytes(validText), Map.of("Content-Encoding", "br"));
        send(
                op,
                own,
                token(op),
                "idempotency key garbage",
                "application/json",
                bytes(validText),
                Map.of("Idempotency-Key", "%00" + "k".repeat(1000)));
        send(op, own, token(op), "valid body", "application/json", bytes(validText), Map.of());
        if (valid == null) {
            return;
        }

        // field by field: every field gets a hostile value (rotating through the list), nulls everywhere
        var fields = leaves(valid, "");
        for (int f = 0; f < fields.size(); f++) {
            String value = HOSTILE_VALUES.get((f + index) % HOSTILE_VALUES.size());
            sendMutated(op, own, valid, Map.of(fields.get(f), value));
        }
        var nulls = new LinkedHashMap<String, String>();
        fields.forEach(f -> nulls.put(f, "null"));
        sendMutated(op, own, valid, nulls);
        var arrays = new LinkedHashMap<String, String>();
        fields.forEach(f -> arrays.put(f, "[1]"));
        sendMutated(op, own, valid, arrays);
        var objects = new LinkedHashMap<String, String>();
        fields.forEach(f -> objects.put(f, "{\"x\":1}"));
        sendMutated(op, own, valid, objects);

        // random: a few fields at once, with random hostile values
        for (int t = 0; t < TRIES; t++) {
            var mutation = new LinkedHashMap<String, String>();
            int n = 1 + random.nextInt(Math.max(1, Math.min(4, fields.size())));
            for (int k = 0; k < n && !fields.isEmpty(); k++) {
                mutation.put(
                        fields.get(random.nextInt(fields.size())),
                        HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size())));
            }
            sendMutated(op, own, valid, mutation);
        }
    }

    private void multipart(Op op, String own, Random random) {
        byte[] noise = new byte[4096];
        random.nextBytes(noise);
        var files = new LinkedHashMap<String, byte[]>();
        files.put("noise.gpx", noise);
        files.put("empty.gpx", new byte[0]);
        files.put("broken.gpx", bytes("<gpx><trk><trkseg><trkpt lat=\"1e400\" lon=\"NaN\"><time>x</time>"));
        files.put("nested.gpx", bytes("<a>".repeat(20_000) + "</a>".repeat(20_000)));
        files.put(
                "bomb.gpx",
                bytes("<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\">"
                        + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
                        + "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
                        + "<!ENTITY e SYSTEM \"file:///etc/passwd\">]><gpx>&d;&e;</gpx>"));
        files.put("noise.fit", noise);
        files.put("short.fit", new byte[] {14, 16, 0, 0, 1, 0, 0, 0, '.', 'F', 'I', 'T'});
        files.put("noise.tcx", noise);
        files.put("noise.gpx.gz", noise);
        files.put("gz.gpx.gz", gzip(noise));
        files.put("../../etc/passwd", bytes("<gpx/>"));
        files.put("noise", noise);
        files.put("\u0000.gpx", bytes("<gpx/>"));
        for (var file : files.entrySet()) {
            String boundary = "fuzz" + random.nextInt(1_000_000);
            var body = new ByteArrayOutputStream();
            body.writeBytes(bytes("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + file.getKey() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
            body.writeBytes(file.getValue());
            body.writeBytes(bytes("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n"
                    + "\u0000\r\n--" + boundary + "--\r\n"));
            send(
                    op,
                    own,
                    token(op),
                    "multipart file " + abbreviate(file.getKey()),
                    "multipart/form-data; boundary=" + boundary,
                    body.toByteArray(),
                    Map.of());
        }
        send(
                op,
                own,
                token(op),
                "multipart without file",
                "multipart/form-data; boundary=b",
                bytes("--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n"),
                Map.of());
        send(
                op,
                own,
                token(op),
                "multipart broken",
                "multipart/form-data; boundary=b",
                bytes("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.gpx\"\r\n\r\n<gpx>"),
                Map.of());
        send(op, own, token(op), "multipart no boundary", "multipart/form-data", bytes("garbage"), Map.of());
        send(op, own, token(op), "multipart empty", "multipart/form-data; boundary=b", new byte[0], Map.of());
    }

    private void sendMutated(Op op, String path, JsonNode valid, Map<String, String> mutation) {
        JsonNode copy = valid.deepCopy();
        var placeholders = new LinkedHashMap<String, String>();
        int n = 0;
        for (var entry : mutation.entrySet()) {
            String placeholder = "__fuzz_" + n++ + "__";
            placeholders.put("\"" + placeholder + "\"", entry.getValue());
            copy = set(copy, entry.getKey(), placeholder);
        }
        String text = copy.toString();
        for (var p : placeholders.entrySet()) {
            text = text.replace(p.getKey(), p.getValue());
        }
        var summary = new StringBuilder("fields");
        mutation.forEach((k, v) -> summary.append(' ')
                .append(k.isEmpty() ? "<root>" : k)
                .append('=')
                .append(abbreviate(v)));
        send(op, path, token(op), summary.toString(), "application/json", bytes(text), Map.of());
    }

    /** Paths of every value (objects by field, arrays by index), the root being {@code ""}. */
    static List<String> leaves(JsonNode node, String at) {
        var out = new ArrayList<String>();
        if (node instanceof ObjectNode object) {
            for (var e : object.properties()) {
                String child = at + "/" + e.getKey();
                out.add(child);
                out.addAll(leaves(e.getValue(), child).stream()
                        .filter(p -> !p.equals(child))
                        .toList());
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String child = at + "/" + i;
                out.add(child);
                out.addAll(leaves(array.get(i), child).stream()
                        .filter(p -> !p.equals(child))
                        .toList());
            }
        }
        return out;
    }

    private static JsonNode set(JsonNode root, String pointer, String placeholder) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ObjectNode object) {
            object.put(last, placeholder);
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), NODES.stringNode(placeholder));
        }
        return root;
    }

    /** A plausible valid value for a schema, so that mutations reach the checks behind the first one. */
    static JsonNode example(JsonNode docs, JsonNode schema, int depth, Random random) {
        if (schema.has("$ref")) {
            String name = schema.path("$ref").asString().replace("#/components/schemas/", "");
            return depth > 6
                    ? NODES.nullNode()
                    : example(docs, docs.path("components").path("schemas").path(name), depth + 1, random);
        }
        if (schema.has("oneOf") || schema.has("anyOf") || schema.has("allOf")) {
            JsonNode first = schema.has("oneOf")
                    ? schema.get("oneOf")
                    : schema.has("anyOf") ? schema.get("anyOf") : schema.get("allOf");
            return example(docs, first.get(0), depth + 1, random);
        }
        if (schema.has("enum")) {
            return schema.path("enum").get(0);
        }
        if (schema.has("example") && !schema.path("example").isNull()) {
            return schema.path("example");
        }
        String type = schema.path("type").isArray()
                ? schema.path("type").get(0).asString()
                : schema.path("type").asString();
        String format = schema.path("format").asString();
        return switch (type) {
            case "object", "" -> {
                var object = NODES.objectNode();
                if (depth <= 6) {
                    for (var p : schema.path("properties").properties()) {
                        object.set(p.getKey(), example(docs, p.getValue(), depth + 1, random));
                    }
                }
                yield object;
            }
            case "array" -> {
                var array = NODES.arrayNode();
                if (depth <= 6) {
                    array.add(example(docs, schema.path("items"), depth + 1, random));
                }
                yield array;
            }
            case "integer" -> NODES.numberNode(1);
            case "number" -> NODES.numberNode(1.5);
            case "boolean" -> NODES.booleanNode(true);
            default ->
                switch (format) {
                    case "uuid" -> NODES.stringNode(UUID.randomUUID().toString());
                    case "date-time" ->
                        NODES.stringNode(Instant.now().minusSeconds(3600).toString());
                    case "date" -> NODES.stringNode(LocalDate.now().minusDays(1).toString());
                    case "email" -> NODES.stringNode("fuzz" + random.nextInt(1_000_000) + "@example.com");
                    default -> NODES.stringNode("fuzz");
                };
        };
    }

    // --- sending and judging ---

    /** Sends one operation's requests, a few at a time (they do not depend on each other). */
    private void flush() {
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            pending.forEach(pool::submit);
        }
        pending.clear();
    }

    private void send(
            Op op,
            String path,
            @Nullable String token,
            String summary,
            @Nullable String contentType,
            byte @Nullable [] body,
            Map<String, String> headers) {
        pending.add(() -> sendNow(op, path, token, summary, contentType, body, headers));
    }

    private void sendNow(
            Op op,
            String path,
            @Nullable String token,
            String summary,
            @Nullable String contentType,
            byte @Nullable [] body,
            Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        op.method(),
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Accept", "application/json, application/problem+json");
        if (contentType != null && body != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        requests.incrementAndGet();
        HttpResponse<byte[]> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | RuntimeException e) {
            failures.add(line(op, path, summary, -1, "no answer", e.toString()));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        int status = response.statusCode();
        String type = response.headers().firstValue("Content-Type").orElse("");
        String text = new String(response.body(), StandardCharsets.UTF_8);
        var problems = new ArrayList<String>();
        if (status >= 500) {
            problems.add("server error");
        }
        if (status >= 400 && status < 500) {
            if (!type.startsWith("application/problem+json")) {
                problems.add("4xx is not problem+json (" + type + ")");
            } else if (code(text).isBlank()) {
                problems.add("problem without code");
            }
        }
        var trace = STACK_TRACE.matcher(text);
        if (trace.find()) {
            problems.add("stack trace marker '" + trace.group() + "'");
        }
        if (!problems.isEmpty()) {
            failures.add(line(op, path, summary, status, String.join(", ", problems), text));
        }
    }

    private static String code(String text) {
        try {
            return JSON.readTree(text).path("code").asString("");
        } catch (RuntimeException notJson) {
            return "";
        }
    }

    private static String line(Op op, String path, String summary, int status, @Nullable String what, String body) {
        return "%s %s [%s] (op %s) -> %d %s: %s"
                .formatted(
                        op.method(),
                        abbreviate(path),
                        summary,
                        op.template(),
                        status,
                        what,
                        abbreviate(body.replace('\n', ' ')));
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 120) + "…(" + s.length() + " chars)";
    }

    private static byte @Nullable [] bytes(@Nullable String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] data) {
        var out = new ByteArrayOutputStream();
        try (var zip = new java.util.zip.GZIPOutputStream(out)) {
            zip.write(data);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
