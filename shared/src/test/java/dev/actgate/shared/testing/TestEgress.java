package dev.actgate.shared.testing;

import dev.actgate.shared.egress.EgressAllowlistSource;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The test servers the egress policy lets through: exactly 127.0.0.1 on the ports of the servers the tests started
 * ({@link TestUpstream} registers itself; tests register a mock OAuth server with {@link #allow(int)}). Not all of
 * loopback, so the egress tests can still show every other loopback address and port being refused.
 */
public final class TestEgress {
    private static final Set<Integer> PORTS = ConcurrentHashMap.newKeySet();

    private static final InetAddress LOOPBACK = v4loopback();

    /** Registered as a bean by {@link FunctionHarness}: read on every connect, so servers started later count too. */
    public static final EgressAllowlistSource ALLOWLIST = (host, address, port) ->
        address instanceof Inet4Address && address.equals(LOOPBACK) && PORTS.contains(port);

    private TestEgress() {
    }

    public static void allow(int port) {
        PORTS.add(port);
    }

    public static void forget(int port) {
        PORTS.remove(port);
    }

    /** The registered servers as {@code actgate.egress.allow} entries (for the local runtime's functions). */
    public static String entries() {
        return PORTS.stream().sorted().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    private static InetAddress v4loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
