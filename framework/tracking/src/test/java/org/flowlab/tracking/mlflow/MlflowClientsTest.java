package org.flowlab.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What {@link MlflowClients} changes in the official client, shown on the wire: a stalled server cannot
 * hang a request, and a rejected request is sent once (the stock 2.17.2 client sends every failing request
 * three times, 4xx included). The servers here are plain sockets, not MLflow.
 */
class MlflowClientsTest {

    private static final TrackingSettings QUICK = new TrackingSettings(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofMillis(10), Duration.ofMillis(10), 3, 100, Duration.ofSeconds(1));

    @Test
    void aServerThatAcceptsButNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // read nothing, answer nothing
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (MlflowApi api = new MlflowApi(MlflowEndpoint.of("http://127.0.0.1:" + silent.getLocalPort(), Map.of()),
                    QUICK)) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> api.getRun("abc")).isInstanceOfSatisfying(RuntimeException.class,
                        e -> assertThat(Failures.classify("get run", e).kind()).isEqualTo(TrackingException.Kind.UNREACHABLE));
                assertThat((System.nanoTime() - start) / 1_000_000).as("one request, cut at its 1 s limit")
                        .isBetween(900L, 5_000L);
            }
        }
    }

    @Test
    void aRejectedRequestReachesTheServerOnce() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"no\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (MlflowApi api = new MlflowApi(MlflowEndpoint.of("http://127.0.0.1:" + server.getAddress().getPort(),
                Map.of()), QUICK)) {
            assertThatThrownBy(() -> new Retrier(QUICK).call("create experiment", Deadline.never(),
                    () -> api.createExperiment("x")))
                    .isInstanceOfSatisfying(TrackingException.class,
                            e -> assertThat(e.kind()).isEqualTo(TrackingException.Kind.REJECTED));
            assertThat(requests).hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void serverErrorsAreRetriedByUsNotByTheClient() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try (MlflowApi api = new MlflowApi(MlflowEndpoint.of("http://127.0.0.1:" + server.getAddress().getPort(),
                Map.of()), QUICK)) {
            assertThatThrownBy(() -> new Retrier(QUICK).call("get", Deadline.never(), () -> api.getRun("r")))
                    .isInstanceOf(TrackingException.class);
            assertThat(requests).as("our 3 attempts, each sent once").hasValue(3);
        } finally {
            server.stop(0);
        }
    }
}
