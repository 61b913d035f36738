package io.strideline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Checks real traffic against the published OpenAPI document: every request the API tests send
 * through {@link Api} and every answer they get. An answer must have a documented status and media
 * type and a body that validates against its schema (JSON Schema 2020-12, formats asserted); a
 * request the server accepted (2xx) must have had a body valid for the documented request schema
 * and only documented query parameters. A mismatch fails the test that made the request, so the
 * document cannot drift from the wire.
 */
public final class ApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, ApiContract> BY_SERVER = new ConcurrentHashMap<>();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private record Route(String template, Pattern pattern, int variables, JsonNode item) {}

    private final JsonNode document;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    private ApiContract(JsonNode document) {
        this.document = document;
        document.path("paths").properties().forEach(e -> {
            String template = e.getKey();
            var regex = new StringBuilder();
            int variables = 0;
            for (String part : template.split("(?=\\{)|(?<=})")) {
                if (part.startsWith("{")) {
                    regex.append("[^/]+");
                    variables++;
                } else {
                    regex.append(Pattern.quote(part));
                }
            }
            routes.add(new Route(template, Pattern.compile(regex.toString()), variables, e.getValue()));
        });
        // a literal segment wins over a variable (/routes/public before /routes/{id})
        routes.sort(Comparator.comparingInt(Route::variables));
    }

    static ApiContract of(String base) {
        return BY_SERVER.computeIfAbsent(base, b -> {
            try {
                var response = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(b + "/v3/api-docs"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new AssertionError("/v3/api-docs answered " + response.statusCode() + ": "
                            + new String(response.body(), StandardCharsets.UTF_8));
                }
                return new ApiContract(JSON.readTree(response.body()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * Fails unless a live event (a WebSocket text message or the data of an SSE event) is a
     * LiveEvent and its {@code data} matches the schema of its type ({@code Live} + the type in
     * PascalCase: LiveStepUpdate for step_update).
     */
    public static void checkLiveEvent(String base, String json) {
        var contract = of(base);
        List<String> problems = new ArrayList<>();
        JsonNode event = parse(json.getBytes(StandardCharsets.UTF_8));
        contract.validate(contract.reference("LiveEvent"), event, "event", problems);
        var name = new StringBuilder("Live");
        for (String word : event.path("type").asText().split("_")) {
            if (!word.isEmpty()) {
                name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        if (contract.document.at("/components/schemas/" + name).isMissingNode()) {
            problems.add("the document has no schema " + name + " for events of type " + event.path("type"));
        } else {
            contract.validate(contract.reference(name.toString()), event.path("data"), "data", problems);
        }
        fail("live event " + json, problems);
    }

    private JsonNode reference(String schema) {
        return JSON.createObjectNode().put("$ref", "#/components/schemas/" + schema);
    }

    /** Fails with every disagreement between this exchange and the document. */
    void check(
            String method,
            URI uri,
            byte @Nullable [] requestBody,
            @Nullable String requestType,
            HttpResponse<byte[]> response) {
        String path = uri.getRawPath();
        if (!path.startsWith("/api/v1/")) {
            return; // documentation pages and the actuator are not part of the API
        }
        List<String> problems = new ArrayList<>();
        int status = response.statusCode();
        String where = method + " " + path + " -> " + status;
        JsonNode operation = operation(method, path);
        if (operation == null) {
            // tests ask for unknown paths and methods on purpose; the answer is still a problem
            if (status >= 400 && status < 500) {
                checkBody(response, document.at("/components/responses/Problem"), where, problems);
            } else {
                problems.add("the document has no operation " + method + " for this path");
            }
            fail(where, problems);
            return;
        }
        JsonNode documented = operation.path("responses").path(Integer.toString(status));
        if (documented.isMissingNode()) {
            if (status >= 200 && status < 300) {
                problems.add("status " + status + " is not documented (documented: "
                        + names(operation.path("responses")) + ")");
                fail(where, problems);
                return;
            }
            documented = operation.path("responses").path("default");
            if (documented.isMissingNode()) {
                problems.add("status " + status + " is not documented and there is no default response");
                fail(where, problems);
                return;
            }
        }
        checkBody(response, resolve(documented), where, problems);
        if (status >= 200 && status < 300) {
            checkRequest(operation, uri, requestBody, requestType, rejectedItems(response), problems);
        }
        fail(where, problems);
    }

    private void checkRequest(
            JsonNode operation,
            URI uri,
            byte @Nullable [] body,
            @Nullable String type,
            Set<Integer> rejected,
            List<String> problems) {
        List<String> declared = new ArrayList<>();
        operation.path("parameters").forEach(p -> {
            JsonNode parameter = resolve(p);
            if (parameter.path("in").asText().equals("query")) {
                declared.add(parameter.path("name").asText());
            }
        });
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
                if (!declared.contains(name)) {
                    problems.add("query parameter " + name + " is not documented (documented: " + declared + ")");
                }
            }
        }
        if (body == null || body.length == 0 || type == null || !type.startsWith("application/json")) {
            return;
        }
        JsonNode schema = resolve(operation.path("requestBody"))
                .path("content")
                .path("application/json")
                .path("schema");
        if (schema.isMissingNode()) {
            if (parse(body).isEmpty()) {
                return; // an empty object where no body is expected is harmless
            }
            problems.add("the request has a JSON body but the document declares none");
            return;
        }
        for (ValidationMessage m : validator(schema).validate(parse(body))) {
            String problem = "request body: " + m.getInstanceLocation() + " " + m.getMessage();
            // A batch item's rules are in its description, not its schema (the batch answers 200 and
            // rejects the item alone), so an item breaking one still validates. Its JSON types stay
            // in the schema, as the shape clients are generated from: a wrongly typed item the
            // answer reports as rejected is the one disagreement that is expected.
            if (!(TYPE_KEYWORDS.contains(m.getType()) && rejected.contains(itemIndex(problem)))) {
                problems.add(problem);
            }
        }
    }

    /** Keywords of a value's JSON type (a nullable reference is {@code oneOf: [$ref, {type: null}]}). */
    private static final Set<String> TYPE_KEYWORDS = Set.of("type", "oneOf");

    /** Indexes of batch items the answer reports as rejected ({@code results[].status}, {@code errors[].index}). */
    private static Set<Integer> rejectedItems(HttpResponse<byte[]> response) {
        var rejected = new HashSet<Integer>();
        if (response.body().length == 0) {
            return rejected;
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException notJson) {
            return rejected;
        }
        answer.path("results").forEach(r -> {
            if (r.path("status").asText().equals("rejected")) {
                rejected.add(r.path("index").asInt());
            }
        });
        answer.path("errors").forEach(e -> rejected.add(e.path("index").asInt(-1)));
        return rejected;
    }

    /** The item index in a problem about {@code /items/3/...}, or -1. */
    private static int itemIndex(String problem) {
        var m = ITEM.matcher(problem);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static final Pattern ITEM = Pattern.compile("^request body: /[^/ ]+/(\\d+)");

    private void checkBody(HttpResponse<byte[]> response, JsonNode documented, String where, List<String> problems) {
        documented.path("headers").properties().forEach(h -> {
            if (resolve(h.getValue()).path("required").asBoolean()
                    && response.headers().firstValue(h.getKey()).isEmpty()) {
                problems.add("the required header " + h.getKey() + " is missing");
            }
        });
        JsonNode content = documented.path("content");
        String type = response.headers().firstValue("Content-Type").orElse(null);
        if (response.body().length == 0) {
            if (content.size() > 0 && !(response.statusCode() == 204)) {
                problems.add("the answer is empty but the document declares content " + names(content));
            }
            return;
        }
        if (type == null) {
            problems.add("the answer has a body but no Content-Type");
            return;
        }
        String mediaType = type.split(";")[0].trim().toLowerCase(Locale.ROOT);
        JsonNode media = content.path(mediaType);
        if (media.isMissingNode()) {
            problems.add("media type " + mediaType + " is not documented (documented: " + names(content) + ")");
            return;
        }
        if (mediaType.endsWith("json") && media.has("schema")) {
            validate(media.path("schema"), parse(response.body()), "response body", problems);
        }
    }

    private void validate(JsonNode schema, JsonNode instance, String what, List<String> problems) {
        for (ValidationMessage message : validator(schema).validate(instance)) {
            problems.add(what + ": " + message.getInstanceLocation() + " " + message.getMessage());
        }
    }

    private JsonSchema validator(JsonNode schema) {
        return compiled.computeIfAbsent(schema.toString(), k -> {
            ObjectNode root = JSON.createObjectNode();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.setAll((ObjectNode) schema.deepCopy());
            root.set("components", document.path("components"));
            return SCHEMAS.getSchema(root, CONFIG);
        });
    }

    private @Nullable JsonNode operation(String method, String path) {
        for (Route route : routes) {
            if (route.pattern().matcher(path).matches()) {
                JsonNode operation = route.item().path(method.toLowerCase(Locale.ROOT));
                return operation.isMissingNode() ? null : operation;
            }
        }
        return null;
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.path("$ref");
        return ref.isTextual() ? resolve(document.at(ref.asText().substring(1))) : node;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("a JSON body that is not JSON: " + new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String names(JsonNode object) {
        var out = new ArrayList<String>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out.stream().collect(Collectors.joining(", ", "[", "]"));
    }

    /** With -Dcontract.collect=FILE the disagreements of a whole run are written there instead. */
    private static final @Nullable String COLLECT = System.getProperty("contract.collect");

    private static void fail(String where, List<String> problems) {
        if (!problems.isEmpty() && COLLECT != null) {
            try {
                java.nio.file.Files.writeString(
                        java.nio.file.Path.of(COLLECT),
                        where + "\n  " + String.join("\n  ", problems) + "\n",
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return;
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(
                    "The API disagrees with /v3/api-docs: " + where + "\n  " + String.join("\n  ", problems));
        }
    }
}
