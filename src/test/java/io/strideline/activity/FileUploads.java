package io.strideline.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.Api;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Uploads activity files through {@link Api}: request and answer are checked against the document. */
final class FileUploads {

    private final Api api;

    FileUploads(Api api) {
        this.api = api;
    }

    /** An answer with its raw bytes (a GPX export is no JSON). */
    record Answer(int status, JsonNode body, byte[] raw, String contentType) {
        Answer expect(int expected) {
            assertThat(status).as(new String(raw, StandardCharsets.UTF_8)).isEqualTo(expected);
            return this;
        }

        Answer problem(int expected, String code) {
            expect(expected);
            assertThat(contentType).startsWith("application/problem+json");
            assertThat(body.path("code").asString()).isEqualTo(code);
            return this;
        }

        UUID id() {
            return UUID.fromString(body.path("id").asString());
        }

        double distance() {
            return body.path("distance_meters").asDouble();
        }
    }

    /** Through Api: request and answer are checked against the document, binary files too. */
    Answer upload(String token, String filename, byte[] file, Map<String, String> fields) {
        return answer(as(token).upload("/api/v1/activities/import", filename, file, fields));
    }

    /** Through Api: the answer (a GPX file, a problem) is checked against the document. */
    Answer get(String token, String path) {
        return answer(as(token).get(path));
    }

    private Api as(String token) {
        return token == null ? api.anonymous() : api.as(token);
    }

    private static Answer answer(Api.Response response) {
        String type = response.header("Content-Type");
        return new Answer(response.status(), response.body(), response.raw().body(), type == null ? "" : type);
    }
}
