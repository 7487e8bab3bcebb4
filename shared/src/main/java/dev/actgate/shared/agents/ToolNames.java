package dev.actgate.shared.agents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tool names every consumer accepts: {@code ^[a-zA-Z0-9_-]{1,64}$} is the intersection of OpenAI's, Anthropic's
 * and MCP's rules (MCP alone would allow dots and 128 characters, and exports would then break).
 *
 * <p>A name is {@code <prefix>_<action>} (prefix: the integration key, or the connection key when the tenant has
 * several connections to one integration), other characters become {@code _}. Too long → cut and suffixed with
 * 8 hex characters of a SHA-256 of the tool's identity, so it stays stable and distinct. Two tools that would
 * still share a name (e.g. {@code a.b} and {@code a_b}) both get the identity suffix.
 */
public final class ToolNames {
    public static final int MAX_LENGTH = 64;
    public static final Pattern VALID = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
    static final int HASH_CHARS = 8;

    private ToolNames() {
    }

    /** Replaces every character outside {@code [A-Za-z0-9_-]} by {@code _}; never empty. */
    public static String clean(String s) {
        String c = s == null ? "" : s.replaceAll("[^A-Za-z0-9_-]", "_");
        return c.isEmpty() ? "_" : c;
    }

    /** {@code prefix_action}, shortened with a hash of {@code identity} when longer than 64 characters. */
    public static String of(String prefix, String action, String identity) {
        String base = clean(prefix) + "_" + clean(action);
        return base.length() <= MAX_LENGTH ? base : hashed(base, identity);
    }

    /** {@code base} cut so that {@code _<8 hex>} fits in 64 characters. */
    static String hashed(String base, String identity) {
        String h = hash(identity);
        int keep = Math.min(base.length(), MAX_LENGTH - HASH_CHARS - 1);
        return base.substring(0, keep) + "_" + h;
    }

    public static String hash(String identity) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Gives every tool a distinct name: colliding names take their identity's hash; a (near impossible) rest a counter. */
    public static List<AgentTool> unique(List<AgentTool> tools) {
        Map<String, Integer> counts = new HashMap<>();
        tools.forEach(t -> counts.merge(t.name(), 1, Integer::sum));
        List<AgentTool> out = new ArrayList<>(tools.size());
        Set<String> taken = new HashSet<>();
        for (AgentTool t : tools) {
            String n = counts.get(t.name()) > 1 ? hashed(t.name(), t.identity()) : t.name();
            String candidate = n;
            for (int i = 2; taken.contains(candidate); i++) {
                String suffix = "-" + i;
                candidate = n.substring(0, Math.min(n.length(), MAX_LENGTH - suffix.length())) + suffix;
            }
            taken.add(candidate);
            out.add(candidate.equals(t.name()) ? t : t.withName(candidate));
        }
        return out;
    }
}
