package io.strideline.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strideline.Api;
import io.strideline.ApiTest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Actuator (metrics with sign-in failure counts, health details) lives on a management port of its
 * own, bound to the loopback address; orchestrators still find liveness and readiness on the API port.
 */
class ManagementPortTest extends ApiTest {

    @LocalServerPort
    int apiPort;

    @LocalManagementPort
    int managementPort;

    @Test
    void actuatorIsNotServedOnTheApiPort() {
        var ann = register();
        for (String path : List.of(
                "/actuator/prometheus",
                "/actuator",
                "/actuator/health",
                "/actuator/health/liveness",
                "/actuator/health/readiness",
                "/actuator/info")) {
            api.get(path).problem(404, "not_found");
            ann.api().get(path).problem(404, "not_found");
        }
    }

    @Test
    void prometheusAndHealthAreServedOnTheManagementPort() throws Exception {
        assertThat(managementPort).isNotEqualTo(apiPort);
        var management = new Api(managementPort);

        var metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                                .header("Accept", "text/plain")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(metrics.body()).contains("jvm_", "strideline_http_requests_shed_total");
        assertThat(management.get("/actuator/health/liveness").expect(200).str("status"))
                .isEqualTo("UP");
        assertThat(management.get("/actuator/health/readiness").expect(200).str("status"))
                .isEqualTo("UP");
        assertThat(management.get("/actuator/health").expect(200).str("status")).isEqualTo("UP");
    }

    @Test
    void livenessAndReadinessAnswerOnTheApiPortWithoutAToken() {
        assertThat(api.anonymous().get("/livez").expect(200).str("status")).isEqualTo("UP");
        assertThat(api.anonymous().get("/readyz").expect(200).str("status")).isEqualTo("UP");
        assertThat(api.anonymous().get("/api/v1/health").expect(200).str("status"))
                .isEqualTo("UP");
    }

    @Test
    void managementPortIsReachableOnlyFromThisMachine() throws IOException {
        Optional<InetAddress> external = externalAddress();
        assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
        // the API port answers on that address, so a refusal below is the management bind address
        try (var api = new Socket()) {
            api.connect(new InetSocketAddress(external.get(), apiPort), 2000);
        }
        assertThatThrownBy(() -> {
                    try (var management = new Socket()) {
                        management.connect(new InetSocketAddress(external.get(), managementPort), 2000);
                    }
                })
                .isInstanceOf(ConnectException.class);
        try (var local = new Socket()) {
            local.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), managementPort), 2000);
        }
    }

    private static Optional<InetAddress> externalAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
    }
}
