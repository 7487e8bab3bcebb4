package dev.actgate.shared.egress;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where actgate may send a request: the one egress policy of every outbound path (inline api, saved and catalog
 * actions, the proxy, {@code connection.request}, code's api, OAuth token and refresh calls, identity lookups).
 * The HTTP client applies it at connect time, on the address actually dialled, for every attempt and redirect hop
 * ({@code dev.actgate.shared.upstream.EgressAddressResolverGroup}), so a host string that looks public but
 * resolves inward, or a name that rebinds between two lookups, cannot pass.
 *
 * <p>Denied unless allowlisted: loopback, unspecified, private (RFC 1918, {@code fc00::/7}), shared/CGNAT
 * ({@code 100.64.0.0/10}), link-local ({@code 169.254.0.0/16} with the cloud metadata addresses,
 * {@code fe80::/10}), multicast, broadcast, reserved and documentation ranges, and IPv6 forms that embed an IPv4
 * address (mapped, compatible, NAT64, 6to4) of any of these. Every address a name resolves to must pass. IPv4
 * spellings that URL parsers disagree on ({@code 127.1}, {@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1})
 * are refused outright. The allowlist ({@link EgressSettings}) is operator configuration only.
 */
@Singleton
public class EgressPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(EgressPolicy.class);
    /** Test switch (system property): refuse to dial anything but loopback, whatever the policy says. */
    public static final String DIAL_GUARD_PROPERTY = "actgate.egress.dial-guard";
    private static final Pattern CANONICAL_IPV4 =
        Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    /** How host names become addresses; the system resolver in production, a fixed map in tests. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static final HostResolver SYSTEM_RESOLVER = InetAddress::getAllByName;

    private final List<EgressRule> rules;
    private final List<EgressAllowlistSource> sources;
    private final HostResolver resolver;

    @Inject
    public EgressPolicy(EgressSettings settings, List<EgressAllowlistSource> sources) {
        this(settings.getAllow(), SYSTEM_RESOLVER, sources);
    }

    public EgressPolicy(List<String> allow, HostResolver resolver, List<EgressAllowlistSource> sources) {
        List<EgressRule> parsed = new ArrayList<>();
        for (String entry : allow) {
            for (String part : entry.split(",")) {
                if (!part.isBlank()) {
                    parsed.add(EgressRule.parse(part));
                }
            }
        }
        this.rules = List.copyOf(parsed);
        this.sources = List.copyOf(sources);
        this.resolver = resolver;
    }

    /** A policy with only the given allowlist and the system resolver (tools, tests). */
    public static EgressPolicy of(String... allow) {
        return new EgressPolicy(List.of(allow), SYSTEM_RESOLVER, List.of());
    }

    /**
     * The addresses {@code host:port} may be dialled at, every one of them checked.
     *
     * @throws EgressDeniedException when the spelling is ambiguous or any address is internal and not allowlisted
     * @throws UnknownHostException when the name does not resolve
     */
    public List<InetAddress> resolve(String host, int port) throws UnknownHostException {
        String h = unbracket(host);
        InetAddress literal = literal(h);
        if (literal == null && looksNumeric(h)) {
            throw deny(host, "it is an IPv4 address in a non-standard spelling (octal, hex, short or integer form)",
                "ambiguous IPv4 spelling " + host);
        }
        String lower = h.toLowerCase(Locale.ROOT);
        if ((lower.equals("localhost") || lower.endsWith(".localhost") || lower.equals("localhost."))
            && rules.stream().noneMatch(r -> r.matchesHost(h, port))) {
            // RFC 6761: these names mean loopback whatever a resolver says; no lookup needed to refuse them.
            List<InetAddress> loopback = List.of(InetAddress.getLoopbackAddress());
            return check(h, port, loopback);
        }
        List<InetAddress> addresses = literal != null ? List.of(literal) : Arrays.asList(resolver.resolve(h));
        if (addresses.isEmpty()) {
            throw new UnknownHostException(h);
        }
        return check(h, port, addresses);
    }

    /** Checks addresses that are already known (a resolved socket address): all must pass. */
    public List<InetAddress> check(String host, int port, List<InetAddress> addresses) {
        boolean hostAllowed = rules.stream().anyMatch(r -> r.matchesHost(host, port));
        for (InetAddress a : addresses) {
            String kind = internalKind(a);
            if (kind == null || hostAllowed || allowed(host, a, port)) {
                continue;
            }
            throw deny(host, (literal(host) != null ? "it is " : "it resolves to ") + article(kind) + " address",
                host + ":" + port + " -> " + a.getHostAddress() + " (" + kind + ")");
        }
        return addresses;
    }

    /** True when the policy lets {@code host:port} through (resolving it): for checks before any traffic. */
    public boolean permits(String host, int port) {
        try {
            resolve(host, port);
            return true;
        } catch (EgressDeniedException | UnknownHostException e) {
            return false;
        }
    }

    /** Test safety net, applied after the policy by the connector: see {@link #DIAL_GUARD_PROPERTY}. */
    public static void dialGuard(String host, InetAddress address) {
        if ("loopback-only".equals(System.getProperty(DIAL_GUARD_PROPERTY)) && !address.isLoopbackAddress()) {
            throw new EgressDeniedException("Egress to " + host + " is not allowed: this process may only reach loopback "
                + "(" + DIAL_GUARD_PROPERTY + ")", "dial guard refused " + address.getHostAddress());
        }
    }

    private boolean allowed(String host, InetAddress a, int port) {
        for (EgressRule r : rules) {
            if (r.matchesAddress(a, port)) {
                return true;
            }
        }
        for (EgressAllowlistSource s : sources) {
            if (s.allows(host, a, port)) {
                return true;
            }
        }
        return false;
    }

    private static EgressDeniedException deny(String host, String why, String detail) {
        LOG.warn("Egress denied: {}", detail);
        return new EgressDeniedException("Egress to " + host + " is not allowed: " + why
            + ". Internal destinations need an operator allowlist entry (actgate.egress.allow).", detail);
    }

    private static String article(String kind) {
        return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }

    static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * Whether a host is shaped like an IPv4 number (its last label is all digits or {@code 0x}-hex), as the WHATWG
     * URL parser decides. Such a host is only accepted in canonical dotted-quad form.
     */
    static boolean looksNumeric(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (h.isEmpty()) {
            return false;
        }
        String last = h.substring(h.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return last.matches("[0-9]+") || last.matches("0x[0-9a-f]*");
    }

    /** A canonical IPv4 or an IPv6 literal as an address, without DNS; else null. */
    static InetAddress literal(String host) {
        String h = unbracket(host);
        try {
            if (CANONICAL_IPV4.matcher(h).matches()) {
                String[] p = h.split("\\.");
                return InetAddress.getByAddress(new byte[] {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]),
                    (byte) Integer.parseInt(p[2]), (byte) Integer.parseInt(p[3])});
            }
            if (h.indexOf(':') >= 0 && h.matches("[0-9a-fA-F:.]+(%[0-9a-zA-Z]+)?")) {
                return InetAddress.getByName(h);   // an IPv6 literal: parsed, never looked up
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    /** What kind of internal address this is, or null for a public (globally routable) one. */
    public static String internalKind(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4Kind(b, 0);
        }
        if (!(address instanceof Inet6Address)) {
            return "unknown";
        }
        boolean zero10 = true;
        for (int i = 0; i < 10; i++) {
            zero10 &= b[i] == 0;
        }
        int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (zero10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            String k = ipv4Kind(b, 12);
            return k == null ? null : "IPv4-mapped " + k;
        }
        if (zero10 && b[10] == 0 && b[11] == 0) {
            if (address.isAnyLocalAddress()) {
                return "unspecified";
            }
            if (address.isLoopbackAddress()) {
                return "loopback";
            }
            return "IPv4-compatible (deprecated)";
        }
        if (w0 == 0x0064 && w1 == 0xff9b) {
            String k = ipv4Kind(b, 12);
            boolean wellKnown = b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0 && b[8] == 0 && b[9] == 0 && b[10] == 0 && b[11] == 0;
            return !wellKnown ? "NAT64 local-use" : k == null ? null : "NAT64 " + k;
        }
        if (w0 == 0x2002) {
            String k = ipv4Kind(b, 2);
            return k == null ? null : "6to4 " + k;
        }
        if (w0 == 0x2001 && w1 == 0x0000) {
            return "Teredo";
        }
        if (w0 == 0x2001 && w1 == 0x0db8) {
            return "documentation";
        }
        if (w0 == 0x0100 && w1 == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) {
            return "discard-only";
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return "unique-local (private)";
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return "link-local";
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return "site-local";
        }
        if ((b[0] & 0xff) == 0xff) {
            return "multicast";
        }
        return null;
    }

    private static String ipv4Kind(byte[] bytes, int at) {
        int a = bytes[at] & 0xff;
        int b = bytes[at + 1] & 0xff;
        int c = bytes[at + 2] & 0xff;
        int d = bytes[at + 3] & 0xff;
        if (a == 0) {
            return "unspecified (this-network)";
        }
        if (a == 127) {
            return "loopback";
        }
        if (a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168)) {
            return "private";
        }
        if (a == 100 && (b & 0xc0) == 64) {
            return "shared (CGNAT)";
        }
        if (a == 169 && b == 254) {
            return "link-local";
        }
        if (a == 192 && b == 0 && c == 0) {
            return "IETF protocol-assignment";
        }
        if ((a == 192 && b == 0 && c == 2) || (a == 198 && b == 51 && c == 100) || (a == 203 && b == 0 && c == 113)) {
            return "documentation";
        }
        if (a == 192 && b == 88 && c == 99) {
            return "6to4-relay";
        }
        if (a == 198 && (b & 0xfe) == 18) {
            return "benchmarking";
        }
        if (a >= 224 && a <= 239) {
            return "multicast";
        }
        if (a == 255 && b == 255 && c == 255 && d == 255) {
            return "broadcast";
        }
        if (a >= 240) {
            return "reserved";
        }
        return null;
    }
}
