package dev.actgate.shared.egress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The policy's decisions on addresses and names. Pure: names resolve through a fixed map, nothing is dialled, so
 * non-loopback ranges are tested on the decision only.
 */
class EgressPolicyTest {
    /** Test DNS: names for every internal range, plus a rebinding-style name with one public and one private answer. */
    static final Map<String, String[]> DNS = Map.of(
        "metadata.test", new String[] {"169.254.169.254"},
        "ecs-creds.test", new String[] {"169.254.170.2"},
        "ec2-v6.test", new String[] {"fd00:ec2::254"},
        "intranet.test", new String[] {"10.1.2.3"},
        "mixed.test", new String[] {"93.184.216.34", "192.168.1.10"},
        "public.test", new String[] {"93.184.216.34", "2606:2800:220:1::1"},
        "billing.internal", new String[] {"10.20.30.40"},
        "api.corp.example", new String[] {"172.20.0.5"});

    static final EgressPolicy.HostResolver RESOLVER = host -> {
        String[] a = DNS.get(host.toLowerCase());
        if (a == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] out = new InetAddress[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = EgressPolicy.literal(a[i]);
        }
        return out;
    };

    static EgressPolicy policy(String... allow) {
        return new EgressPolicy(List.of(allow), RESOLVER, List.of());
    }

    @ParameterizedTest(name = "[{index}] {0} is internal")
    @ValueSource(strings = {
        "127.0.0.1", "127.255.255.254", "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255",
        "192.168.0.1", "192.168.255.255", "100.64.0.1", "100.127.255.255", "169.254.169.254", "169.254.170.2", "169.254.0.1",
        "192.0.0.192", "192.0.2.1", "198.51.100.7", "203.0.113.9", "198.18.0.1", "224.0.0.1", "239.255.255.250",
        "240.0.0.1", "255.255.255.255",
        "::1", "::", "fe80::1", "fe80::fc:ff:fe00:1", "fc00::1", "fd00::2", "fd00:ec2::254", "fec0::1", "ff02::1", "ff05::1:3",
        "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1", "::127.0.0.1", "::10.0.0.1",
        "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "64:ff9b:1::1", "2002:a9fe:a9fe::1", "2002:7f00:1::1", "2001:0:4136:e378::1",
        "2001:db8::1", "100::1"})
    void internalAddressesAreDenied(String address) {
        InetAddress a = EgressPolicy.literal(address);
        assertNotNull(a, address);
        assertNotNull(EgressPolicy.internalKind(a), address + " must be classified internal");
        EgressDeniedException e = assertThrows(EgressDeniedException.class, () -> policy().resolve(address, 443));
        assertTrue(e.getMessage().contains("is not allowed"), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0} is public")
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.15.255.255", "172.32.0.1",
        "192.167.1.1", "169.253.1.1", "11.0.0.1", "223.255.255.255", "2606:2800:220:1::1", "2a00:1450:4001::1",
        "64:ff9b::808:808", "2002:808:808::1"})
    void publicAddressesPass(String address) throws Exception {
        InetAddress a = EgressPolicy.literal(address);
        assertNull(EgressPolicy.internalKind(a), address + " is globally routable");
        assertEquals(List.of(a), policy().resolve(address, 443));
    }

    @ParameterizedTest(name = "[{index}] {0} is an ambiguous IPv4 spelling")
    @ValueSource(strings = {"127.1", "127.0.1", "2130706433", "0x7f000001", "0x7f.0.0.1", "0177.0.0.1", "017700000001",
        "127.000.000.001", "127.0.0.01", "0", "0x0", "3232235777", "127.0.0.1.", "4294967295", "1.2.3.0x4"})
    void nonCanonicalNumericHostsAreDeniedBeforeAnyLookup(String host) {
        EgressPolicy strict = new EgressPolicy(List.of(), h -> {
            throw new AssertionError("must not be looked up: " + h);
        }, List.of());
        assertThrows(EgressDeniedException.class, () -> strict.resolve(host, 80));
    }

    @ParameterizedTest(name = "[{index}] name {0} resolving inward")
    @ValueSource(strings = {"metadata.test", "ecs-creds.test", "ec2-v6.test", "intranet.test", "mixed.test", "METADATA.test"})
    void namesAreJudgedByEveryAddressTheyResolveTo(String host) {
        EgressDeniedException e = assertThrows(EgressDeniedException.class, () -> policy().resolve(host, 443));
        assertTrue(e.getMessage().contains("resolves to"), e.getMessage());
        assertFalse(e.getMessage().matches(".*\\d+\\.\\d+\\.\\d+\\.\\d+.*"), "the caller never learns the address: " + e.getMessage());
        assertTrue(e.operatorDetail().contains("->"), "the operator does: " + e.operatorDetail());
    }

    @Test
    void aPublicNameResolvesToAllItsAddresses() throws Exception {
        assertEquals(2, policy().resolve("public.test", 443).size());
    }

    @Test
    void theAllowlistTakesCidrsAddressesHostsAndPorts() throws Exception {
        EgressPolicy p = policy("10.20.0.0/16", "127.0.0.1:4010", "[::1]:8443", "*.corp.example:443", "fd12:3456::/32", "192.168.7.7");
        assertDoesNotThrow(() -> p.resolve("billing.internal", 443));            // 10.20.30.40 in 10.20.0.0/16
        assertDoesNotThrow(() -> p.resolve("127.0.0.1", 4010));
        assertThrows(EgressDeniedException.class, () -> p.resolve("127.0.0.1", 4011));   // other port
        assertThrows(EgressDeniedException.class, () -> p.resolve("127.0.0.2", 4010));   // other loopback address
        assertDoesNotThrow(() -> p.resolve("[::1]", 8443));
        assertThrows(EgressDeniedException.class, () -> p.resolve("[::1]", 8444));
        assertDoesNotThrow(() -> p.resolve("api.corp.example", 443));
        assertThrows(EgressDeniedException.class, () -> p.resolve("api.corp.example", 80));
        assertDoesNotThrow(() -> p.resolve("fd12:3456::9", 1));
        assertDoesNotThrow(() -> p.resolve("192.168.7.7", 1));
        assertThrows(EgressDeniedException.class, () -> p.resolve("192.168.7.8", 1));
        assertThrows(EgressDeniedException.class, () -> p.resolve("metadata.test", 80));
        assertThrows(EgressDeniedException.class, () -> p.resolve("intranet.test", 443));
        assertEquals(p.resolve("10.20.1.1", 1).size(), 1);
    }

    @Test
    void oneEnvironmentVariableMayHoldSeveralCommaSeparatedEntries() {
        EgressPolicy p = policy("10.0.0.0/8, 127.0.0.1:9");
        assertTrue(p.permits("10.9.9.9", 1));
        assertTrue(p.permits("127.0.0.1", 9));
        assertFalse(p.permits("127.0.0.1", 10));
    }

    @ParameterizedTest(name = "[{index}] allowlist entry {0} is refused")
    @ValueSource(strings = {"10.0.0.0/33", "127.1", "0x7f000001", "host:0", "host:99999", "exa mple.com", "[::1", "10.0.0.0/x", "a..b"})
    void badAllowlistEntriesFailAtStartup(String entry) {
        assertThrows(IllegalArgumentException.class, () -> policy(entry));
    }

    @Test
    void unknownNamesAreUnknownNotDenied() {
        assertThrows(UnknownHostException.class, () -> policy().resolve("nowhere.test", 443));
    }

    @Test
    void theDialGuardRefusesNonLoopbackWhenSet() throws Exception {
        // Surefire sets actgate.egress.dial-guard=loopback-only for every test JVM of this build.
        String was = System.getProperty(EgressPolicy.DIAL_GUARD_PROPERTY);
        System.setProperty(EgressPolicy.DIAL_GUARD_PROPERTY, "loopback-only");
        try {
            assertThrows(EgressDeniedException.class, () -> EgressPolicy.dialGuard("x", EgressPolicy.literal("93.184.216.34")));
            assertDoesNotThrow(() -> EgressPolicy.dialGuard("x", EgressPolicy.literal("127.0.0.1")));
            assertDoesNotThrow(() -> EgressPolicy.dialGuard("x", EgressPolicy.literal("::1")));
        } finally {
            if (was == null) {
                System.clearProperty(EgressPolicy.DIAL_GUARD_PROPERTY);
            } else {
                System.setProperty(EgressPolicy.DIAL_GUARD_PROPERTY, was);
            }
        }
    }
}
