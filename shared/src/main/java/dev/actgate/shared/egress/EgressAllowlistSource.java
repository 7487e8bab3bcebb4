package dev.actgate.shared.egress;

import java.net.InetAddress;

/**
 * More allowlist entries from code the operator deploys (a bean of this type), on top of
 * {@link EgressSettings#getAllow()}. The test harness uses it to allow exactly its own test servers' ports.
 */
public interface EgressAllowlistSource {
    boolean allows(String host, InetAddress address, int port);
}
