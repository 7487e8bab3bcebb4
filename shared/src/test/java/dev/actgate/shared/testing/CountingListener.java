package dev.actgate.shared.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP listener on a loopback address that is NOT allowlisted, for the egress tests: it accepts and counts every
 * connection it gets (and closes it at once), so "nothing reached it" is a number that stays 0.
 */
public final class CountingListener implements AutoCloseable {
    private final ServerSocket socket;
    /** Connections accepted so far. */
    public final AtomicInteger accepted = new AtomicInteger();

    public CountingListener(String address) throws IOException {
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }, "egress-listener-" + address);
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
