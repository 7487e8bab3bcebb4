package dev.actgate.connections;

/** Query flags as the SDK and the guide send them: {@code 1}, {@code true}. */
final class Flags {
    private Flags() {
    }

    static boolean isTrue(String value) {
        return "1".equals(value) || "true".equalsIgnoreCase(value) || "yes".equalsIgnoreCase(value);
    }
}
