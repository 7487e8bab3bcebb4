package dev.actgate.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Test-only TCP proxy on 127.0.0.1 that adds one header (here: a tenant's {@code Authorization}) to every HTTP/1.1
 * request and otherwise forwards bytes unchanged, {@code Host} and {@code Origin} included, so a client that cannot
 * send headers (the MCP conformance suite) reaches the real server and its real checks. Each connection carries one
 * request ({@code Connection: close} is set), which keeps the forwarding a plain byte pump.
 */
final class HeaderAddingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "header-proxy");
        t.setDaemon(true);
        return t;
    });
    private final int targetPort;
    private final String header;

    HeaderAddingProxy(int targetPort, String headerName, String headerValue) throws IOException {
        this.targetPort = targetPort;
        this.header = headerName + ": " + headerValue;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        pool.submit(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                pool.submit(() -> handle(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client; Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            InputStream in = client.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.write(b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            StringBuilder out = new StringBuilder(lines[0]).append("\r\n");
            for (int i = 1; i < lines.length; i++) {
                String name = lines[i].contains(":") ? lines[i].substring(0, lines[i].indexOf(':')).trim().toLowerCase(Locale.ROOT) : "";
                if (!name.isEmpty() && !name.equals(header.substring(0, header.indexOf(':')).toLowerCase(Locale.ROOT))
                    && !name.equals("connection") && !name.equals("keep-alive")) {
                    out.append(lines[i]).append("\r\n");
                }
            }
            out.append(header).append("\r\n").append("Connection: close\r\n\r\n");
            OutputStream toTarget = target.getOutputStream();
            toTarget.write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
            toTarget.flush();
            pool.submit(() -> pump(in, toTarget));
            pump(target.getInputStream(), client.getOutputStream());
        } catch (IOException e) {
            // the client or the server went away: nothing to forward
        }
    }

    private static void pump(InputStream from, OutputStream to) {
        byte[] buf = new byte[16 * 1024];
        try {
            for (int n; (n = from.read(buf)) >= 0; ) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        pool.shutdownNow();
    }
}
