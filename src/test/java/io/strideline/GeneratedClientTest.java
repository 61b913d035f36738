package io.strideline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strideline.client.ApiClient;
import io.strideline.client.ApiException;
import io.strideline.client.api.ActivitiesApi;
import io.strideline.client.api.DeviceUploadsApi;
import io.strideline.client.api.DevicesApi;
import io.strideline.client.api.IdentityApi;
import io.strideline.client.model.AiMetrics;
import io.strideline.client.model.ClaimRequest;
import io.strideline.client.model.RegisterRequest;
import io.strideline.client.model.RunUpload;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The README's RunSight flow, driven by the Java client that the build generates from the
 * committed contract docs/openapi.json (openapi-generator, library {@code native}): if the document
 * lied about a name, a type, a nullability or a status, this client would fail here.
 */
class GeneratedClientTest extends ApiTest {

    @LocalServerPort
    int serverPort;

    private ApiClient client(String bearer) {
        var client = new ApiClient();
        client.updateBaseUri("http://localhost:" + serverPort);
        if (bearer != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + bearer));
        }
        return client;
    }

    @Test
    void generatedClientRunsTheReadmeRunSightFlow() throws Exception {
        var session = new IdentityApi(client(null))
                .register(
                        new RegisterRequest()
                                .email(uniqueEmail())
                                .password("correct horse battery")
                                .displayName("Ann"),
                        null);
        assertThat(session.getUser().getDisplayName()).isEqualTo("Ann");
        String access = session.getAccessToken();

        String code = new DevicesApi(client(access)).createPairingCode(null).getCode();
        var paired = new DevicesApi(client(null))
                .claimPairingCode(
                        new ClaimRequest()
                                .code(code)
                                .hardwareId("GLASSES-" + UUID.randomUUID())
                                .kind(ClaimRequest.KindEnum.GLASSES),
                        null);
        assertThat(paired.getDeviceToken()).startsWith("sld_");

        var start = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).withNano(0);
        var run = new DeviceUploadsApi(client(paired.getDeviceToken()))
                .uploadRun(
                        new RunUpload()
                                .clientId(UUID.randomUUID())
                                .startedAt(start)
                                .endedAt(start.plusMinutes(30))
                                .durationSeconds(1800)
                                .distanceMeters(5000.0)
                                .aiMetrics(new AiMetrics()
                                        .obstaclesDetected(3)
                                        .warningsIssued(1)
                                        .laneDeviations(2)
                                        .laneKeepingAccuracy(0.93)),
                        null,
                        null);
        assertThat(run.getDistanceMeters()).isEqualTo(5000.0);

        var activities = new ActivitiesApi(client(access));
        var page = activities.listActivities(null, null, null, null, null);
        assertThat(page.getItems()).extracting(a -> a.getId()).containsExactly(run.getId());
        assertThat(page.getNextCursor()).isNull();
        var stats = activities.getStats(null, null, null, null);
        assertThat(stats.getTotals().getActivities()).isEqualTo(1L);
        assertThat(stats.getTotals().getDistanceMeters()).isEqualTo(5000.0);
    }

    @Test
    void generatedClientSeesProblemsAsErrors() {
        assertThatThrownBy(() -> new ActivitiesApi(client(null)).listActivities(null, null, null, null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(401);
                    assertThat(e.getResponseBody()).contains("\"code\":\"unauthorized\"");
                });
    }
}
