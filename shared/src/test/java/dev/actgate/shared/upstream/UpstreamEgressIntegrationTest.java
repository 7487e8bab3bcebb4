package dev.actgate.shared.upstream;

import dev.actgate.shared.egress.EgressPolicy;
import dev.actgate.shared.testing.TestEgress;
import dev.actgate.shared.testing.CountingListener;
import dev.actgate.shared.testing.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The egress policy at connect time, through the real Netty client: a test resolver maps names to internal
 * addresses, and the policy must refuse them at the dial. Safety: only loopback is ever dialled here. The JVM's
 * dial guard ({@code actgate.egress.dial-guard=loopback-only}, set below as well as by the build) refuses any
 * other address after the policy, so even a wrong policy could not open a socket outside this machine.
 */
class UpstreamEgressIntegrationTest {
    static final Duration T = Duration.ofSeconds(3);
    static TestUpstream allowed;
    static CountingListener inward;
    static CountingListener inward6;
    static final AtomicInteger rebindLookups = new AtomicInteger();
    static UpstreamClient client;

    @BeforeAll
    static void setUp() throws IOException {
        System.setProperty(EgressPolicy.DIAL_GUARD_PROPERTY, "loopback-only");
        allowed = TestUpstream.start();
        inward = new CountingListener("127.0.0.1");
        inward6 = new CountingListener("::1");
        EgressPolicy.HostResolver dns = host -> switch (host) {
            case "metadata.test" -> new InetAddress[] {InetAddress.getByName("169.254.169.254")};
            case "ecs.test" -> new InetAddress[] {InetAddress.getByName("169.254.170.2")};
            case "ec2v6.test" -> new InetAddress[] {InetAddress.getByName("fd00:ec2::254")};
            case "vpc.test" -> new InetAddress[] {InetAddress.getByName("10.0.0.12")};
            case "cgnat.test" -> new InetAddress[] {InetAddress.getByName("100.64.1.1")};
            case "mixed.test" -> new InetAddress[] {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("192.168.0.1")};
            case "inward.test" -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
            case "allowed.test" -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
            // answers with the allowed test server first, then rebinds to another loopback address
            case "rebind.test" -> new InetAddress[] {InetAddress.getByName(rebindLookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2")};
            default -> throw new UnknownHostException(host);
        };
        client = new UpstreamClient(new EgressPolicy(List.of(), dns, List.of(TestEgress.ALLOWLIST)));
    }

    @AfterAll
    static void tearDown() throws IOException {
        client.close();
        allowed.close();
        inward.close();
        inward6.close();
    }

    static UpstreamFailure denied(String url) {
        UpstreamFailure f = assertThrows(UpstreamFailure.class,
            () -> client.send(new UpstreamRequest("GET", URI.create(url), Map.of(), null), T, T));
        assertEquals(UpstreamFailure.Kind.DENIED, f.kind(), url + ": " + f.getMessage());
        assertTrue(f.getMessage().contains("is not allowed"), f.getMessage());
        return f;
    }

    @ParameterizedTest(name = "[{index}] {0} resolves inward and is refused at connect")
    @ValueSource(strings = {"metadata.test", "ecs.test", "ec2v6.test", "vpc.test", "cgnat.test", "mixed.test"})
    void namesThatResolveToInternalRangesAreRefusedAtTheDial(String host) {
        denied("http://" + host + ":" + inward.port() + "/latest/meta-data/");
        assertEquals(0, inward.accepted.get());
    }

    @Test
    void loopbackThatIsNotAllowlistedReceivesNothing() {
        int p = inward.port();
        for (String url : List.of("http://127.0.0.1:" + p + "/", "http://localhost:" + p + "/", "http://inward.test:" + p + "/",
            "http://2130706433:" + p + "/", "http://0177.0.0.1:" + p + "/", "http://[::ffff:127.0.0.1]:" + p + "/",
            "http://[::1]:" + inward6.port() + "/")) {
            denied(url);
        }
        assertEquals(0, inward.accepted.get());
        assertEquals(0, inward6.accepted.get());
    }

    @Test
    void theAllowlistedTestServerIsReachedByAddressAndByName() {
        int port = URI.create(allowed.baseUrl()).getPort();
        assertEquals(200, client.send(new UpstreamRequest("GET", URI.create(allowed.baseUrl() + "/a"), Map.of(), null), T, T).status());
        assertEquals(200, client.send(new UpstreamRequest("GET", URI.create("http://allowed.test:" + port + "/b"), Map.of(), null), T, T).status());
        assertEquals(2, allowed.received().size());
    }

    @Test
    void everyNewConnectionIsCheckedAgainSoRebindingCannotPass() {
        int port = URI.create(allowed.baseUrl()).getPort();
        allowed.on("/close", r -> TestUpstream.Reply.json(200, "{}").withHeader("Connection", "close"));
        int before = allowed.received().size();
        UpstreamResponse first = client.send(new UpstreamRequest("GET", URI.create("http://rebind.test:" + port + "/close"),
            Map.of(), null), T, T);
        assertEquals(200, first.status());
        denied("http://rebind.test:" + port + "/close");
        assertEquals(before + 1, allowed.received().size());
    }

    @Test
    void connectErrorsAreStableAndSayNothingAboutThePort() throws IOException {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            dead = s.getLocalPort();
        }
        TestEgress.allow(dead);
        try {
            UpstreamFailure f = assertThrows(UpstreamFailure.class, () -> client.send(
                new UpstreamRequest("GET", URI.create("http://127.0.0.1:" + dead + "/"), Map.of(), null), T, T));
            assertEquals(UpstreamFailure.Kind.NOT_SENT, f.kind());
            assertEquals("Could not connect to the external app", f.getMessage());
        } finally {
            TestEgress.forget(dead);
        }
    }
}
