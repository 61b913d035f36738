package io.strideline.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.strideline.Api;
import io.strideline.ApiTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Devices may gzip their uploads; corrupt bodies and bodies that inflate too far are refused cleanly. */
class GzipUploadTest extends ApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int serverPort;

    private static Instant start() {
        return Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    }

    private static byte[] gzip(byte[] plain) {
        var out = new ByteArrayOutputStream();
        try (var zip = new GZIPOutputStream(out)) {
            zip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Posts these exact bytes as a gzip-encoded JSON body. */
    private Api.Response postRawGzip(String token, byte[] body) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + "/api/v1/device/runs"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .header("Accept", "application/json, application/problem+json")
                .header("Authorization", "Bearer " + token)
                .build();
        try {
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json;
            try {
                json = response.body().length == 0 ? JSON.missingNode() : JSON.readTree(response.body());
            } catch (RuntimeException notJson) {
                json = JSON.missingNode();
            }
            return new Api.Response(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void gzippedRunIsStored() {
        var person = register();
        var device = pair(person);
        var clientId = UUID.randomUUID();

        var created = device.api()
                .postGzip("/api/v1/device/runs", run(clientId, start()))
                .expect(201);

        assertThat(created.str("client_id")).isEqualTo(clientId.toString());
        assertThat(created.str("device_id")).isEqualTo(device.id().toString());
        assertThat(created.body().path("distance_meters").asDouble()).isEqualTo(5000.0);
        var history = person.api().get("/api/v1/activities").expect(200);
        assertThat(history.body().path("items")).hasSize(1);
        assertThat(history.body().path("items").get(0).path("id").asString())
                .isEqualTo(created.id().toString());
    }

    @Test
    void gzippedRunWithAFieldOfTheWrongTypeNamesTheField() {
        var person = register();
        var device = pair(person);
        var run = run(UUID.randomUUID(), start());
        run.put("steps", "many");

        var refused = device.api().postGzip("/api/v1/device/runs", run).problem(400, "malformed_request");

        assertThat(refused.fields()).containsExactly("steps");
    }

    @Test
    void bodyThatIsNotGzipIsRefusedAsInvalidGzip() {
        var person = register();
        var device = pair(person);
        byte[] plain = JSON.writeValueAsBytes(run(UUID.randomUUID(), start()));

        postRawGzip(device.token(), plain).problem(400, "invalid_gzip");

        assertThat(person.api().get("/api/v1/activities").expect(200).body().path("items"))
                .isEmpty();
    }

    @Test
    void gzipWithCorruptDataIsRefusedAsInvalidGzip() {
        var person = register();
        var device = pair(person);
        byte[] zipped = gzip(JSON.writeValueAsBytes(run(UUID.randomUUID(), start())));
        // keep the 10-byte gzip header, scramble the deflate data after it
        for (int i = 10; i < zipped.length - 8; i++) {
            zipped[i] = (byte) (zipped[i] ^ 0x5A);
        }

        postRawGzip(device.token(), zipped).problem(400, "invalid_gzip");

        assertThat(person.api().get("/api/v1/activities").expect(200).body().path("items"))
                .isEmpty();
    }

    @Test
    void truncatedGzipIsRefusedAsInvalidGzip() {
        var person = register();
        var device = pair(person);
        byte[] zipped = gzip(JSON.writeValueAsBytes(run(UUID.randomUUID(), start())));

        postRawGzip(device.token(), Arrays.copyOf(zipped, zipped.length / 2)).problem(400, "invalid_gzip");

        assertThat(person.api().get("/api/v1/activities").expect(200).body().path("items"))
                .isEmpty();
    }

    @Test
    void gzipBombInflatingPastTheBodyLimitIsTooLarge() {
        var person = register();
        var device = pair(person);
        var run = run(UUID.randomUUID(), start());
        run.put("notes", "a".repeat(20 * 1024 * 1024));
        byte[] bomb = gzip(JSON.writeValueAsBytes(run));
        assertThat(bomb.length).isLessThan(1024 * 1024);

        postRawGzip(device.token(), bomb).problem(413, "payload_too_large");

        assertThat(person.api().get("/api/v1/activities").expect(200).body().path("items"))
                .isEmpty();
        // the server is fine afterwards
        device.api()
                .postGzip("/api/v1/device/runs", run(UUID.randomUUID(), start()))
                .expect(201);
    }
}
