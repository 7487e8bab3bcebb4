package dev.actgate.act.dialects;

import dev.actgate.shared.errors.ApiException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How each dialect spells actgate's action names and revisions. Stable rules, documented in the migration pages:
 * <ul>
 *   <li>Pipedream: the component key is the action's name itself (catalog id {@code github-list-repos}, saved key
 *       {@code create-lead}); versions are {@code <revision>.0.0}.</li>
 *   <li>Composio: the tool slug is the name in UPPER_SNAKE ({@code GITHUB_LIST_REPOS}, {@code CREATE_LEAD}); the
 *       toolkit is the app; toolkit versions are revision numbers ({@code "3"}).</li>
 *   <li>Weavz: the action name is the name without its app prefix, in snake_case ({@code list_repos} of integration
 *       {@code github}; {@code create_lead}).</li>
 * </ul>
 */
public final class DialectNames {
    private DialectNames() {
    }

    public static String composioSlug(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_+|_+$", "");
    }

    /** The names a slug may stand for, most likely first (keys and catalog ids use dashes; some keys underscores). */
    public static List<String> composioCandidates(String slug) {
        String lower = slug.toLowerCase(Locale.ROOT);
        Set<String> out = new LinkedHashSet<>();
        out.add(lower.replace('_', '-'));
        out.add(lower);
        out.add(slug);
        return List.copyOf(out);
    }

    public static String weavzActionName(String app, String name) {
        String n = name;
        if (app != null && n.startsWith(app + "-") && n.length() > app.length() + 1) {
            n = n.substring(app.length() + 1);
        }
        return n.replace('-', '_');
    }

    public static List<String> weavzCandidates(String app, String actionName) {
        Set<String> out = new LinkedHashSet<>();
        String dashed = actionName.replace('_', '-');
        if (app != null) {
            out.add(app + "-" + dashed);
        }
        out.add(actionName);
        out.add(dashed);
        return List.copyOf(out);
    }

    public static String pipedreamVersion(Integer revision) {
        return (revision == null ? 1 : revision) + ".0.0";
    }

    /** {@code "3.0.0"}, {@code "3"} → 3; null, empty and {@code "latest"} → null (the current revision). */
    public static Integer parsePipedreamVersion(String version) {
        if (version == null || version.isBlank() || version.equalsIgnoreCase("latest")) {
            return null;
        }
        String major = version.trim();
        if (major.startsWith("v")) {
            major = major.substring(1);
        }
        int dot = major.indexOf('.');
        if (dot >= 0) {
            if (!major.substring(dot).matches("(\\.0)*")) {
                throw ApiException.validation("version '" + version + "' is not an actgate revision: use <revision>.0.0 (e.g. 2.0.0) or latest");
            }
            major = major.substring(0, dot);
        }
        return revision(major, version);
    }

    public static String composioVersion(Integer revision) {
        return Integer.toString(revision == null ? 1 : revision);
    }

    /** {@code "3"} → 3; null and {@code "latest"} → null. */
    public static Integer parseComposioVersion(String version) {
        if (version == null || version.isBlank() || version.equalsIgnoreCase("latest")) {
            return null;
        }
        return revision(version.trim(), version);
    }

    private static Integer revision(String digits, String original) {
        if (!digits.matches("[0-9]{1,9}") || Integer.parseInt(digits) < 1) {
            throw ApiException.validation("version '" + original + "' is not an actgate revision (a number from 1) or latest");
        }
        return Integer.parseInt(digits);
    }
}
