package dev.actgate.shared.egress;

import java.net.InetAddress;
import java.util.Locale;

/**
 * One allowlist entry: a network (CIDR or single address) or a host name ({@code *.suffix} for its sub-domains),
 * with an optional port ({@code -1}: any port).
 */
record EgressRule(String text, byte[] network, int prefix, String hostName, boolean wildcard, int port) {

    static EgressRule parse(String entry) {
        String e = entry.trim().toLowerCase(Locale.ROOT);
        if (e.isEmpty()) {
            throw new IllegalArgumentException("empty egress allowlist entry");
        }
        String hostPart = e;
        int port = -1;
        if (e.startsWith("[")) {
            int close = e.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("egress allowlist entry '" + entry + "': missing ]");
            }
            hostPart = e.substring(1, close);
            String rest = e.substring(close + 1);
            if (rest.startsWith("/")) {   // [fd12::]/16 or [fd12::]/16:443
                int colon = rest.indexOf(':');
                hostPart += colon < 0 ? rest : rest.substring(0, colon);
                rest = colon < 0 ? "" : rest.substring(colon);
            }
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("egress allowlist entry '" + entry + "': expected :port after ]");
                }
                port = parsePort(entry, rest.substring(1));
            }
        } else if (e.chars().filter(c -> c == ':').count() == 1) {
            int colon = e.indexOf(':');
            hostPart = e.substring(0, colon);
            port = parsePort(entry, e.substring(colon + 1));
        }
        String address = hostPart;
        int prefix = -1;
        int slash = hostPart.indexOf('/');
        if (slash >= 0) {
            address = hostPart.substring(0, slash);
            try {
                prefix = Integer.parseInt(hostPart.substring(slash + 1));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("egress allowlist entry '" + entry + "': bad prefix length");
            }
        }
        InetAddress literal = EgressPolicy.literal(address);
        if (literal != null) {
            byte[] bytes = literal.getAddress();
            int max = bytes.length * 8;
            if (prefix < 0) {
                prefix = max;
            }
            if (prefix > max) {
                throw new IllegalArgumentException("egress allowlist entry '" + entry + "': prefix longer than the address");
            }
            return new EgressRule(entry.trim(), bytes, prefix, null, false, port);
        }
        if (prefix >= 0 || EgressPolicy.looksNumeric(address)) {
            throw new IllegalArgumentException("egress allowlist entry '" + entry + "': not a valid address or CIDR");
        }
        boolean wildcard = address.startsWith("*.");
        String name = wildcard ? address.substring(2) : address;
        if (!name.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
            throw new IllegalArgumentException("egress allowlist entry '" + entry + "': not a host name, address or CIDR");
        }
        return new EgressRule(entry.trim(), null, 0, name, wildcard, port);
    }

    private static int parsePort(String entry, String text) {
        try {
            int p = Integer.parseInt(text);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("egress allowlist entry '" + entry + "': bad port");
        }
    }

    boolean isHostRule() {
        return hostName != null;
    }

    boolean matchesHost(String host, int port) {
        if (hostName == null || !portMatches(port)) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return wildcard ? h.endsWith("." + hostName) : h.equals(hostName);
    }

    boolean matchesAddress(InetAddress address, int port) {
        if (network == null || !portMatches(port)) {
            return false;
        }
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    private boolean portMatches(int p) {
        return port < 0 || port == p;
    }
}
