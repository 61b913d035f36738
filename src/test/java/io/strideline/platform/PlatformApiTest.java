package io.strideline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.ApiTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Cross-cutting behaviour: problems for every failure, bounded bodies, health, docs, request ids. */
class PlatformApiTest extends ApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int serverPort;

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    private HttpResponse<String> raw(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + path));
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    // --- bad requests become problems ---

    @Test
    void malformedJsonIsABadRequestProblem() {
        api.post("/api/v1/auth/login", "{\"email\": \"a@example.com\", ").problem(400, "malformed_request");
    }

    @Test
    void wrongJsonTypeNamesTheField() {
        var r = api.post(
                        "/api/v1/auth/register",
                        Map.of("email", Map.of("nested", 5), "password", "correct horse battery", "display_name", "A"))
                .problem(400, "malformed_request");
        assertThat(r.fields()).containsExactly("email");
    }

    @Test
    void numberWhereAStringIsExpectedIsNotCoerced() {
        var r = api.post(
                        "/api/v1/auth/register",
                        Map.of("email", 5, "password", "correct horse battery", "display_name", "A"))
                .problem(400, "malformed_request");
        assertThat(r.fields()).containsExactly("email");
    }

    @Test
    void stringWhereANumberIsExpectedNamesTheField() {
        var ann = register();

        var r = ann.api()
                .patch("/api/v1/me", Map.of("height_cm", "tall", "units", "imperial"))
                .problem(400, "malformed_request");

        assertThat(r.fields()).containsExactly("height_cm");
        assertThat(ann.api().get("/api/v1/me").expect(200).str("units")).isEqualTo("metric");
    }

    @Test
    void wrongContentTypeIsUnsupportedMediaType() {
        api.send("POST", "/api/v1/auth/login", "email=a@example.com&password=x", "text/plain", false)
                .problem(415, "unsupported_media_type");
    }

    @Test
    void unknownRouteIsANotFoundProblemNeverHtml() {
        var ann = register();

        var r = ann.api().get("/api/v1/no-such-thing").problem(404, "not_found");

        assertThat(r.text()).doesNotContain("<html");
    }

    @Test
    void unknownRouteWithoutTokenIsUnauthorized() {
        api.anonymous().get("/api/v1/no-such-thing").problem(401, "unauthorized");
    }

    @Test
    void wrongMethodIsMethodNotAllowed() {
        var ann = register();

        var r = ann.api().delete("/api/v1/auth/login").problem(405, "method_not_allowed");

        assertThat(r.header("Allow")).contains("POST");
    }

    @Test
    void bodyOverSixteenMegabytesIsRefusedWith413() {
        String huge = "{\"email\":\"" + "a".repeat(17 * 1024 * 1024) + "\",\"password\":\"x\"}";

        api.post("/api/v1/auth/login", huge).problem(413, "payload_too_large");
    }

    @Test
    void gzipBodyOnANonDeviceEndpointIsRefused() {
        api.postGzip("/api/v1/auth/login", Map.of("email", "a@example.com", "password", "whatever1"))
                .problem(415, "unsupported_content_encoding");
    }

    @Test
    void unknownContentEncodingIsRefused() {
        var response = raw(request("/api/v1/auth/login")
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "br")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).path("code").asString()).isEqualTo("unsupported_content_encoding");
    }

    // found by OpenApiFuzzTest: each was a 500 or an HTML page

    @Test
    void queryStringThatIsNotUtf8IsABadRequestProblem() {
        var ann = register();

        ann.api().get("/api/v1/activities?limit=%ED%A0%80").problem(400, "malformed_query");
        ann.api().get("/api/v1/devices?cursor=%C3%28").problem(400, "malformed_query");
    }

    @Test
    void multipartBodyThatCannotBeParsedIsABadRequestProblem() {
        var ann = register();

        ann.api()
                .send("POST", "/api/v1/activities/import", "garbage", "multipart/form-data", false)
                .problem(400, "malformed_multipart");
        ann.api()
                .send(
                        "POST",
                        "/api/v1/routes/import",
                        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.gpx\"\r\n\r\n<gpx>",
                        "multipart/form-data; boundary=b",
                        false)
                .problem(400, "malformed_multipart");
    }

    @Test
    void uriTomcatRefusesIsAProblemNotAnHtmlPage() {
        var ann = register();

        var r = ann.api().get("/api/v1/activities/%00").problem(400, "bad_request");
        assertThat(r.text()).doesNotContain("<html", "Tomcat");
        api.get("/api/v1/health/%00").problem(400, "bad_request");
    }
    // --- health and version (actuator: ManagementPortTest) ---

    @Test
    void healthChecksTheDatabase() {
        var r = api.get("/api/v1/health").expect(200);

        assertThat(r.str("status")).isEqualTo("UP");
        assertThat(r.str("database")).isEqualTo("UP");
    }

    @Test
    void versionNamesTheRunningBuild() {
        var r = api.get("/api/v1/system/version").expect(200);

        assertThat(r.str("name")).isEqualTo("strideline");
        assertThat(r.str("version")).isNotBlank();
    }

    // --- API documentation ---

    @Test
    void openApiDocumentListsEveryEndpointWithASummary() {
        var r = api.get("/v3/api-docs").expect(200);
        JsonNode paths = r.body().path("paths");

        assertThat(paths.has("/api/v1/auth/login"))
                .as("paths: %s", paths.propertyNames())
                .isTrue();
        assertThat(paths.has("/api/v1/device/runs")).isTrue();
        assertThat(paths.has("/api/v1/me")).isTrue();

        var withoutSummary = new ArrayList<String>();
        int operations = 0;
        for (var path : paths.properties()) {
            for (var operation : path.getValue().properties()) {
                if (!operation.getValue().isObject() || !operation.getValue().has("responses")) {
                    continue; // path-level parameters, not an operation
                }
                operations++;
                if (operation.getValue().path("summary").asString("").isBlank()) {
                    withoutSummary.add(operation.getKey().toUpperCase() + " " + path.getKey());
                }
            }
        }
        assertThat(operations).isGreaterThan(10);
        assertThat(withoutSummary).as("operations without a summary").isEmpty();
    }

    @Test
    void swaggerUiIsServed() {
        var response = raw(request("/swagger-ui.html").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.uri().getPath()).startsWith("/swagger-ui");
        assertThat(response.body()).containsIgnoringCase("swagger");
    }

    @Test
    void redocIsServedAsHtml() {
        var response = raw(request("/redoc").header("Accept", "text/html").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body()).contains("<redoc spec-url=\"/v3/api-docs\">");
    }

    // --- request ids ---

    @Test
    void everyResponseCarriesARequestId() {
        var ann = register();

        assertThat(api.get("/api/v1/health").expect(200).header("X-Request-Id")).isNotBlank();
        assertThat(ann.api().get("/api/v1/me").expect(200).header("X-Request-Id"))
                .isNotBlank();
        assertThat(api.anonymous().get("/api/v1/me").expect(401).header("X-Request-Id"))
                .isNotBlank();
        assertThat(ann.api().get("/api/v1/nothing-here").expect(404).header("X-Request-Id"))
                .isNotBlank();
        assertThat(api.post("/api/v1/auth/login", "{oops").expect(400).header("X-Request-Id"))
                .isNotBlank();
        assertThat(api.get("/livez").expect(200).header("X-Request-Id")).isNotBlank();
    }

    @Test
    void eachRequestGetsItsOwnId() {
        String first = api.get("/api/v1/health").expect(200).header("X-Request-Id");
        String second = api.get("/api/v1/health").expect(200).header("X-Request-Id");

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void saneIncomingRequestIdIsEchoed() {
        var response = raw(request("/api/v1/health")
                .header("X-Request-Id", "client-42.abc_DEF")
                .GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).contains("client-42.abc_DEF");
    }

    @Test
    void insaneIncomingRequestIdIsReplaced() {
        String tooLong = "x".repeat(65);
        var response =
                raw(request("/api/v1/health").header("X-Request-Id", tooLong).GET());
        var spaced = raw(request("/api/v1/health")
                .header("X-Request-Id", "two words<script>")
                .GET());

        assertThat(response.headers().firstValue("X-Request-Id"))
                .hasValueSatisfying(id -> assertThat(id).isNotBlank().isNotEqualTo(tooLong));
        assertThat(spaced.headers().firstValue("X-Request-Id"))
                .hasValueSatisfying(id -> assertThat(id).matches("[A-Za-z0-9._-]{1,64}"));
    }
}
