package io.strideline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tiny HTTP client for tests: real requests to the running server, JSON in and out. */
public final class Api {

    public record Response(int status, JsonNode body, HttpResponse<byte[]> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String text() {
            return new String(raw.body(), StandardCharsets.UTF_8);
        }

        /** Asserts the status, printing the body when it differs. */
        public Response expect(int expected) {
            assertThat(status).as("status of %s: %s", raw.uri(), text()).isEqualTo(expected);
            return this;
        }

        public String str(String field) {
            return body.path(field).asString();
        }

        public UUID id() {
            return UUID.fromString(body.path("id").asString());
        }

        /** Asserts an RFC 9457 problem with this status and code. */
        public Response problem(int expected, String code) {
            expect(expected);
            assertThat(header("Content-Type")).startsWith("application/problem+json");
            assertThat(body.path("code").asString()).as(text()).isEqualTo(code);
            return this;
        }

        /** The field names listed in the problem's {@code errors}. */
        public java.util.List<String> fields() {
            var out = new java.util.ArrayList<String>();
            body.path("errors").forEach(e -> out.add(e.path("field").asString()));
            return out;
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;
    private final String token;

    public Api(int port) {
        this("http://localhost:" + port, null);
    }

    private Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public Api as(String bearer) {
        return new Api(base, bearer);
    }

    public Api anonymous() {
        return new Api(base, null);
    }

    public Response get(String path) {
        return send("GET", path, null, "application/json", false);
    }

    /** A GET as a client of another media type asks (an SSE client: text/event-stream). */
    public Response get(String path, String accept) {
        return send("GET", path, null, "application/json", false, accept);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body, "application/json", false);
    }

    public Response postGzip(String path, Object body) {
        return send("POST", path, body, "application/json", true);
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body, "application/json", false);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body, "application/json", false);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, "application/json", false);
    }

    /**
     * A multipart/form-data POST of a file (form field {@code file}, any bytes: GPX, a FIT file, a
     * gzip) and plain form fields, checked against the document like every exchange.
     */
    public Response upload(String path, String filename, byte[] file, java.util.Map<String, String> fields) {
        String boundary = "----strideline" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        for (var field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                            + "\"\r\n\r\n" + field.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send("POST", path, body.toByteArray(), "multipart/form-data; boundary=" + boundary, false);
    }

    /** A body is sent as it is when it is bytes or a string, else as JSON. */
    public Response send(String method, String path, Object body, String contentType, boolean gzip) {
        return send(method, path, body, contentType, gzip, "application/json, application/problem+json");
    }

    private Response send(String method, String path, Object body, String contentType, boolean gzip, String accept) {
        try {
            byte[] plain = body == null
                    ? null
                    : body instanceof byte[] raw
                            ? raw
                            : body instanceof String s
                                    ? s.getBytes(StandardCharsets.UTF_8)
                                    : JSON.writeValueAsBytes(body);
            byte[] bytes = plain == null ? new byte[0] : plain;
            if (gzip) {
                var out = new ByteArrayOutputStream();
                try (var zip = new GZIPOutputStream(out)) {
                    zip.write(bytes);
                }
                bytes = out.toByteArray();
            }
            var request = HttpRequest.newBuilder(URI.create(base + path))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .header("Accept", accept);
            if (body != null) {
                request.header("Content-Type", contentType);
            }
            if (gzip) {
                request.header("Content-Encoding", "gzip");
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (path.startsWith("/api/v1/")) {
                ApiContract.of(base)
                        .check(method, URI.create(base + path), plain, body == null ? null : contentType, response);
            }
            JsonNode json = response.body().length == 0 ? JSON.missingNode() : parse(response.body());
            return new Response(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException notJson) {
            return JSON.missingNode();
        }
    }
}
