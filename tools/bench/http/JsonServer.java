// The JSON endpoint on the JDK's built-in server, com.sun.net.httpserver, with a thread pool.
// The JDK has no JSON library, so the object is serialised by a small function here.
// Usage: java -Dsun.net.httpserver.nodelay=true JsonServer <port> (the property sets TCP_NODELAY;
// without it every response waits about 40 ms for the client's delayed ACK).
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

public final class JsonServer {
    record Message(String message) {
        String toJson() {
            StringBuilder b = new StringBuilder("{\"message\":\"");
            for (char c : message.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append("\"}").toString();
        }
    }

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 1024);
        server.createContext("/json", exchange -> {
            byte[] body = new Message("Hello, World!").toJson().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors() * 2));
        server.start();
    }
}
