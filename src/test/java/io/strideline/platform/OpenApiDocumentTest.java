package io.strideline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.strideline.ApiTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The published OpenAPI document is what clients are generated from. These checks hold it to the
 * rules an integrator relies on, and keep the committed copy {@code docs/openapi.json} (from which
 * the build generates and compiles a Java client, see GeneratedClientTest) equal to what the server
 * serves. After an API change: {@code ./mvnw test -Dtest=OpenApiDocumentTest -Dopenapi.write=true}.
 */
class OpenApiDocumentTest extends ApiTest {

    static final Path COMMITTED = Path.of("docs/openapi.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OPERATION_ID = Pattern.compile("[a-z][A-Za-z]+");
    private static final Pattern REF =
            Pattern.compile("\"\\$ref\"\\s*:\\s*\"#/components/([a-zA-Z]+)/([A-Za-z0-9]+)\"");

    @LocalServerPort
    int serverPort;

    private JsonNode document;
    private String text;

    @BeforeEach
    void fetch() throws Exception {
        text = get("/v3/api-docs").body();
        document = JSON.readTree(text);
    }

    @Test
    void committedCopyIsWhatTheServerPublishes() throws IOException {
        String canonical = canonical(document);
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(COMMITTED, canonical);
        }
        assertThat(Files.exists(COMMITTED) ? Files.readString(COMMITTED) : "")
                .as("docs/openapi.json differs from /v3/api-docs; regenerate it with\n"
                        + "  ./mvnw test -Dtest=OpenApiDocumentTest -Dopenapi.write=true\nand commit it")
                .isEqualTo(canonical);
    }

    @Test
    void infoNamesTheLicenseByItsSpdxIdentifierAndTheServerFromConfiguration() {
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.at("/info/license/identifier").asText()).isEqualTo("Apache-2.0");
        assertThat(document.at("/info/contact/url").asText()).isNotBlank();
        // strideline.public-url, not the Host this test called (a random port)
        assertThat(document.at("/servers/0/url").asText()).isEqualTo("http://localhost:8080");
    }

    @Test
    void everyOperationHasAStableMeaningfulOperationIdAndASummary() {
        var ids = new HashSet<String>();
        forEachOperation((path, method, op) -> {
            String id = op.path("operationId").asText();
            assertThat(id).as(method + " " + path).matches(OPERATION_ID);
            assertThat(ids.add(id)).as("operationId %s is used twice", id).isTrue();
            assertThat(op.path("summary").asText()).as(method + " " + path).isNotBlank();
            assertThat(op.path("description").asText()).as(method + " " + path).isNotBlank();
            op.path("parameters").forEach(p -> {
                if (!p.has("$ref")) {
                    assertThat(p.path("description").asText())
                            .as(method + " " + path + " parameter "
                                    + p.path("name").asText())
                            .isNotBlank();
                }
            });
        });
        assertThat(ids).contains("register", "login", "claimPairingCode", "uploadRun", "listActivities", "getStats");
    }

    @Test
    void schemasUseTheWireNamesAndNoJacksonTypes() {
        var schemas = document.at("/components/schemas");
        assertThat(schemas.has("JsonNode")).isFalse();
        schemas.properties()
                .forEach(s -> s.getValue()
                        .path("properties")
                        .fieldNames()
                        .forEachRemaining(name ->
                                assertThat(name).as("property of " + s.getKey()).matches("[a-z][a-z0-9_]*")));
    }

    @Test
    void everySchemaAndPropertyIsDescribed() {
        var undescribed = new ArrayList<String>();
        document.at("/components/schemas").properties().forEach(s -> {
            if (s.getValue().path("description").asText().isBlank()) {
                undescribed.add(s.getKey());
            }
            s.getValue().path("properties").properties().forEach(p -> {
                if (p.getValue().path("description").asText().isBlank()) {
                    undescribed.add(s.getKey() + "." + p.getKey());
                }
            });
        });
        assertThat(undescribed).isEmpty();
    }

    @Test
    void everyReferenceResolves() {
        Matcher m = REF.matcher(text);
        List<String> dangling = new ArrayList<>();
        while (m.find()) {
            if (document.path("components").path(m.group(1)).path(m.group(2)).isMissingNode()) {
                dangling.add(m.group(1) + "/" + m.group(2));
            }
        }
        assertThat(dangling).isEmpty();
    }

    @Test
    void bodiesAreTypedJsonAndErrorsAreProblems() {
        // no media type "*/*" (a multipart part may still take any file: encoding.contentType)
        assertThat(text).doesNotContainPattern("\"\\*/\\*\"\\s*:");
        forEachOperation((path, method, op) -> {
            op.path("responses").properties().forEach(r -> {
                JsonNode response = resolve(r.getValue());
                if (r.getKey().startsWith("4")
                        || r.getKey().startsWith("5")
                        || r.getKey().equals("default")) {
                    assertThat(names(response.path("content")))
                            .as(method + " " + path + " " + r.getKey())
                            .containsExactly("application/problem+json");
                }
            });
            if (path.startsWith("/api/v1/")) {
                assertThat(names(op.path("responses"))).as(method + " " + path).contains("default", "429", "503");
            }
        });
    }

    @Test
    void securityIsDeclaredPerOperationAndPublicOperationsSaySo() {
        var publicOps = new HashSet<String>();
        forEachOperation((path, method, op) -> {
            JsonNode security = op.path("security");
            assertThat(security.isArray()).as(method + " " + path).isTrue();
            if (security.isEmpty()) {
                publicOps.add(path);
            } else {
                String scheme = security.get(0).fieldNames().next();
                assertThat(scheme).isEqualTo(path.startsWith("/api/v1/device/") ? "device" : "user");
                assertThat(names(op.path("responses"))).as(method + " " + path).contains("401");
            }
        });
        assertThat(publicOps)
                .contains(
                        "/api/v1/auth/register",
                        "/api/v1/auth/login",
                        "/api/v1/pairing/claim",
                        "/api/v1/health",
                        "/api/v1/system/version",
                        "/redoc")
                .doesNotContain("/api/v1/me", "/api/v1/activities");
    }

    @Test
    void createdResourcesAnswer201WithLocation() {
        JsonNode created = document.at("/paths/~1api~1v1~1goals/post/responses/201");
        assertThat(created.at("/headers/Location/required").asBoolean()).isTrue();
        JsonNode run = document.at("/paths/~1api~1v1~1device~1runs/post/responses");
        assertThat(names(run)).contains("200", "201");
    }

    /** Keywords that refuse a value; {@code format} only when it is not a number's width. */
    private static final Set<String> VALUE_RULES = Set.of(
            "pattern",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
            "uniqueItems",
            "minProperties",
            "maxProperties",
            "required",
            "enum",
            "const",
            "dependentRequired");

    private static final Set<String> WIDTHS = Set.of("int32", "int64", "float", "double");

    @Test
    void itemsOfPartlyAcceptedBatchesSayTheirRulesInTheDescriptionNotAsKeywords() {
        // a batch: a JSON body whose 2xx answer counts the items it rejected one by one
        var batches = new HashSet<String>();
        var problems = new ArrayList<String>();
        forEachOperation((path, method, op) -> {
            String body =
                    op.at("/requestBody/content/application~1json/schema/$ref").asText();
            boolean countsRejected = false;
            for (var r : op.path("responses").properties()) {
                JsonNode answer = resolve(r.getValue().at("/content/application~1json/schema"));
                countsRejected |=
                        r.getKey().startsWith("2") && answer.path("properties").has("rejected");
            }
            if (body.isEmpty() || !countsRejected) {
                return;
            }
            batches.add(body.substring(body.lastIndexOf('/') + 1));
            resolve(op.at("/requestBody/content/application~1json/schema"))
                    .path("properties")
                    .properties()
                    .forEach(p -> {
                        if (p.getValue().has("items")) {
                            var seen = new HashSet<String>();
                            valueRules(
                                    p.getValue().path("items"),
                                    method + " " + path + " " + p.getKey() + "[]",
                                    seen,
                                    problems);
                            seen.forEach(name -> assertThat(document.at("/components/schemas/" + name + "/description")
                                            .asText())
                                    .as("the item schema %s says its rules", name)
                                    .isNotBlank());
                        }
                    });
        });
        assertThat(batches).contains("ReadingBatch", "RunBatch", "SyncEventBatch", "Sync", "DeviceSync");
        assertThat(problems).isEmpty();
        // what refuses the whole body stays a keyword: the batch's size, and a run sent alone
        assertThat(document.at("/components/schemas/RunBatch/properties/runs/maxItems")
                        .asInt())
                .isEqualTo(50);
        assertThat(document.at("/components/schemas/RunUpload/required").isEmpty())
                .isFalse();
        assertThat(document.at("/components/schemas/Reading/description").asText())
                .contains("pattern `^[a-z0-9_.]{1,64}$`");
    }

    private void valueRules(JsonNode schema, String at, Set<String> seen, List<String> problems) {
        if (schema.isArray()) {
            schema.forEach(s -> valueRules(s, at, seen, problems));
            return;
        }
        if (!schema.isObject()) {
            return;
        }
        String ref = schema.path("$ref").asText();
        if (!ref.isEmpty()) {
            String name = ref.substring(ref.lastIndexOf('/') + 1);
            if (seen.add(name)) {
                valueRules(resolve(schema), at + " (" + name + ")", seen, problems);
            }
            return;
        }
        schema.properties().forEach(e -> {
            String key = e.getKey();
            if (VALUE_RULES.contains(key)
                    || (key.equals("format") && !WIDTHS.contains(e.getValue().asText()))
                    || (key.equals("additionalProperties")
                            && e.getValue().isBoolean()
                            && !e.getValue().asBoolean())) {
                problems.add(at + ": " + key + " " + e.getValue());
            }
        });
        schema.path("properties")
                .properties()
                .forEach(p -> valueRules(p.getValue(), at + "." + p.getKey(), seen, problems));
        valueRules(schema.path("items"), at + "[]", seen, problems);
        for (String part : List.of("oneOf", "anyOf", "allOf")) {
            valueRules(schema.path(part), at, seen, problems);
        }
    }

    @Test
    void parameterExamplesHaveTheTypeOfTheirSchema() {
        var wrong = new ArrayList<String>();
        forEachOperation((path, method, op) -> op.path("parameters").forEach(ref -> {
            JsonNode p = resolve(ref);
            JsonNode example = p.path("example");
            JsonNode type = p.at("/schema/type");
            if (example.isMissingNode() || type.isMissingNode()) {
                return;
            }
            var types = new HashSet<String>();
            if (type.isArray()) {
                type.forEach(t -> types.add(t.asText()));
            } else {
                types.add(type.asText());
            }
            String actual = example.isTextual()
                    ? "string"
                    : example.isIntegralNumber()
                            ? (types.contains("number") ? "number" : "integer")
                            : example.isNumber()
                                    ? "number"
                                    : example.isBoolean()
                                            ? "boolean"
                                            : example.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
            if (!types.contains(actual)) {
                wrong.add(method + " " + path + " " + p.path("name").asText() + ": example " + example + " is not "
                        + types);
            }
        }));
        assertThat(wrong).isEmpty();
    }

    /**
     * Issue 24: a field only PATCH knows is silently dropped when sent at creation (with unknown
     * fields ignored, or refused once they are not). The one rename is kept for compatibility: an
     * activity's title is {@code name} when logging it.
     */
    @Test
    void everyFieldAPatchChangesCanBeGivenAtCreation() {
        var renamed = Map.of("/api/v1/activities", Map.of("title", "name"));
        // what the server alone sets, and PATCH may only clear (an activity's duplicate mark)
        var clearOnly = Map.of("/api/v1/activities", List.of("duplicate_of"));
        for (String collection : List.of(
                "/api/v1/activities",
                "/api/v1/routes",
                "/api/v1/posts",
                "/api/v1/groups",
                "/api/v1/challenges",
                "/api/v1/goals",
                "/api/v1/devices",
                "/api/v1/orgs",
                "/api/v1/alert-rules")) {
            var patch = bodyProperties(collection + "/{id}", "patch");
            var post = bodyProperties(collection, "post");
            assertThat(patch).as("PATCH %s/{id}", collection).isNotEmpty();
            var names = renamed.getOrDefault(collection, Map.of());
            assertThat(post)
                    .as("POST %s takes every field of PATCH %s/{id}", collection, collection)
                    .containsAll(patch.stream()
                            .filter(f -> !clearOnly
                                    .getOrDefault(collection, List.of())
                                    .contains(f))
                            .map(f -> names.getOrDefault(f, f))
                            .toList());
        }
    }

    private List<String> bodyProperties(String path, String method) {
        JsonNode schema = resolve(
                document.path("paths").path(path).path(method).at("/requestBody/content/application~1json/schema"));
        return names(schema.path("properties"));
    }

    /** The server refuses unknown request fields (UnknownFields); the document says so where it can. */
    @Test
    void requestBodiesRefuseOtherFieldsExceptWhereToleranceIsOnPurpose() {
        JsonNode schemas = document.at("/components/schemas");
        assertThat(schemas.at("/ManualActivity/additionalProperties").isBoolean()
                        && !schemas.at("/ManualActivity/additionalProperties").asBoolean())
                .as("ManualActivity says additionalProperties: false")
                .isTrue();
        assertThat(schemas.at("/NewChallenge/additionalProperties").asBoolean(true))
                .isFalse();
        assertThat(schemas.at("/RunUpload/additionalProperties").asBoolean(true))
                .isFalse();
        // tolerant on purpose, and answers (which may gain fields) stay open
        assertThat(schemas.at("/HeartbeatRequest/additionalProperties").isMissingNode())
                .isTrue();
        assertThat(schemas.at("/SyncReport/additionalProperties").isMissingNode())
                .isTrue();
        assertThat(schemas.at("/ActivityView/additionalProperties").isMissingNode())
                .isTrue();
        // a batch item rejects such a field alone: a description, not a keyword (BatchItemSchemas)
        assertThat(schemas.at("/RunUploadInBatch/additionalProperties").isMissingNode())
                .isTrue();
        assertThat(schemas.at("/RunUploadInBatch/description").asText()).contains("no other fields");
    }

    @Test
    void yamlIsPublishedToo() throws Exception {
        var yaml = get("/v3/api-docs.yaml");
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.body()).startsWith("openapi: 3.1.0");
    }

    private interface OperationVisitor {
        void visit(String path, String method, JsonNode operation);
    }

    private void forEachOperation(OperationVisitor visitor) {
        document.path("paths")
                .properties()
                .forEach(p -> p.getValue().properties().forEach(m -> {
                    if (Set.of("get", "put", "post", "patch", "delete").contains(m.getKey())) {
                        visitor.visit(p.getKey(), m.getKey(), m.getValue());
                    }
                }));
    }

    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText();
        return ref.isEmpty() ? node : document.at(ref.substring(1));
    }

    private static List<String> names(JsonNode object) {
        var out = new ArrayList<String>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Sorted keys, two-space indents, a final newline: diffs of the committed copy stay readable. */
    static String canonical(JsonNode document) throws IOException {
        Object tree = JSON.treeToValue(document, Object.class);
        return JSON.copy()
                        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(tree)
                + "\n";
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
