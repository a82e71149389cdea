package io.dime.backend.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process HTTP server on 127.0.0.1 that answers with whatever a test scripts: canned
 * server-sent events, error statuses, garbage, a stream cut short. It records every request
 * body and {@code Authorization} header it received. Public for the tests of the live backend,
 * which drive the client through it.
 */
public final class CannedHttpServer implements AutoCloseable {

    @FunctionalInterface
    public interface Script {
        void answer(HttpExchange exchange, int requestNumber) throws IOException, InterruptedException;
    }

    public final List<String> requestBodies = new CopyOnWriteArrayList<>();
    public final List<String> authorizationHeaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final HttpServer server;

    public CannedHttpServer(String path, Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "canned-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext(path, exchange -> {
            int number = requests.incrementAndGet();
            requestBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizationHeaders.add(authorization == null ? "" : authorization);
            try {
                script.answer(exchange, number);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client went away, as it does after a timeout
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** Adds another path with its own script, for the server-info probes. */
    public CannedHttpServer also(String path, Script script) {
        server.createContext(path, exchange -> {
            try {
                script.answer(exchange, 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        return this;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int requestCount() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Starts a 200 event stream with chunked encoding. */
    public static OutputStream beginEventStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    public static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public static void sendEvent(OutputStream out, String data) throws IOException {
        send(out, "data: " + data + "\n\n");
    }

    /**
     * Streams a token every 10 ms for 10 s, then {@code [DONE]}; when a write fails (the client
     * closed the connection), counts {@code sawTheClose} down and returns.
     */
    public static void streamUntilTheClientHangsUp(HttpExchange exchange, java.util.concurrent.CountDownLatch sawTheClose)
            throws IOException, InterruptedException {
        OutputStream out = beginEventStream(exchange);
        try {
            for (int i = 0; i < 1_000; i++) {
                sendEvent(out, completionChunk("t"));
                Thread.sleep(10);
            }
            sendEvent(out, "[DONE]");
        } catch (IOException e) {
            sawTheClose.countDown();
        }
    }

    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    public static String completionChunk(String text) {
        return "{\"choices\":[{\"text\":\"" + text + "\",\"index\":0,\"finish_reason\":null}],\"object\":\"text_completion\"}";
    }

    public static String chatChunk(String content) {
        return "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}],"
                + "\"object\":\"chat.completion.chunk\"}";
    }
}
