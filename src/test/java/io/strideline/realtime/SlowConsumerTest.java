package io.strideline.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.strideline.Api;
import io.strideline.ApiTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.TestPropertySource;

/**
 * A WebSocket client that stops reading is closed with 1013 {@code slow_consumer}, and finds that
 * close frame on the wire when it reads again: never a connection dropped without one. A client on
 * a plain socket (not the JDK's, which reads ahead), small socket buffers on both ends and a small
 * queue, so that each round fills them with a few events and is quick.
 */
@TestPropertySource(properties = "strideline.realtime.queue-size=8")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowConsumerTest extends ApiTest {

    private static final String FILLER = "x".repeat(4_000);

    /** The server's sockets with a small send buffer (the kernel's grows to megabytes on loopback). */
    @TestConfiguration
    static class SmallSendBuffer {
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallSendBuffer() {
            return factory -> factory.addConnectorCustomizers(c -> c.setProperty("socket.txBufSize", "16384"));
        }
    }

    @Autowired
    EventBus bus;

    @Autowired
    MeterRegistry meters;

    private Person person;
    private Device device;

    @BeforeAll
    void aPersonAndTheirDevice() {
        api = new Api(port);
        person = register();
        device = pair(person);
    }

    private double slowClosed() {
        return meters.counter("strideline.realtime.slow.consumers").count();
    }

    private void publishSome() {
        for (int i = 0; i < 4; i++) {
            bus.publish(
                    Topic.device(device.id()),
                    EventType.READING,
                    () -> new LiveData.Reading(
                            device.id(), List.of(new LiveData.Metric(FILLER, 1, 0, 0, 0, Instant.EPOCH))));
        }
    }

    @RepeatedTest(20)
    void aClientThatStopsReadingFindsTheSlowConsumerCloseWhenItReadsAgain() throws Exception {
        try (var client = RawWebSocket.open(port, "/api/v1/ws", person.accessToken(), 8 * 1024)) {
            assertThat(client.text().path("type").asString()).isEqualTo("authenticated");
            client.sendText("{\"type\":\"subscribe\",\"topics\":[\"device:" + device.id() + "\"]}");
            assertThat(client.text().path("type").asString()).isEqualTo("subscribed");

            // from here on the client reads nothing: the socket buffers fill, then the queue
            double before = slowClosed();
            await().until(() -> {
                publishSome();
                return slowClosed() > before;
            });

            assertThat(client.closeCode()).isEqualTo(1013);
        }
    }
}
