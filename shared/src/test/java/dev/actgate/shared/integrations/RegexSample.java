package dev.actgate.shared.integrations;

import java.util.ArrayList;
import java.util.List;

/**
 * A string matching a simple regular expression, for sample inputs: literals, escapes ({@code \d \w \s \.}), classes
 * with ranges and negation, groups with alternation (the first branch), {@code . ? * + {n} {n,} {n,m}} (the least
 * repetition, at least one for {@code +}) and anchors. Returns null for what it does not understand (back-references,
 * look-arounds), so the caller can try something else.
 */
final class RegexSample {
    private final String re;
    private int i;

    private RegexSample(String re) {
        this.re = re;
    }

    static String of(String regex) {
        try {
            RegexSample r = new RegexSample(regex);
            String out = r.alternation();
            return r.i == regex.length() ? out : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String alternation() {
        String first = sequence();
        while (i < re.length() && re.charAt(i) == '|') {
            i++;
            sequence();
        }
        return first;
    }

    private String sequence() {
        StringBuilder sb = new StringBuilder();
        while (i < re.length() && re.charAt(i) != '|' && re.charAt(i) != ')') {
            String atom = atom();
            int[] q = quantifier();
            for (int k = 0; k < q[0]; k++) {
                sb.append(atom);
            }
        }
        return sb.toString();
    }

    private int[] quantifier() {
        if (i >= re.length()) {
            return new int[] {1};
        }
        char c = re.charAt(i);
        int n;
        if (c == '?' || c == '*') {
            i++;
            n = 0;
        } else if (c == '+') {
            i++;
            n = 1;
        } else if (c == '{') {
            int close = re.indexOf('}', i);
            String body = re.substring(i + 1, close);
            i = close + 1;
            n = Integer.parseInt(body.split(",", -1)[0].trim());
        } else {
            return new int[] {1};
        }
        if (i < re.length() && (re.charAt(i) == '?' || re.charAt(i) == '+')) {
            i++;
        }
        return new int[] {n};
    }

    private String atom() {
        char c = re.charAt(i++);
        switch (c) {
            case '^', '$' -> {
                return "";
            }
            case '.' -> {
                return "a";
            }
            case '(' -> {
                if (re.startsWith("?:", i)) {
                    i += 2;
                } else if (re.startsWith("?", i)) {
                    throw new IllegalArgumentException("look-around");
                }
                String inner = alternation();
                if (re.charAt(i++) != ')') {
                    throw new IllegalArgumentException("group");
                }
                return inner;
            }
            case '[' -> {
                return String.valueOf(charClass());
            }
            case '\\' -> {
                return String.valueOf(escape(re.charAt(i++)));
            }
            default -> {
                return String.valueOf(c);
            }
        }
    }

    private static char escape(char e) {
        return switch (e) {
            case 'd' -> '1';
            case 'w' -> 'a';
            case 's' -> ' ';
            case 'D', 'W', 'S' -> '-';
            case 'n' -> '\n';
            case 't' -> '\t';
            default -> {
                if (Character.isDigit(e)) {
                    throw new IllegalArgumentException("back-reference");
                }
                yield e;
            }
        };
    }

    private char charClass() {
        boolean negated = i < re.length() && re.charAt(i) == '^';
        if (negated) {
            i++;
        }
        List<char[]> ranges = new ArrayList<>();
        boolean first = true;
        while (re.charAt(i) != ']' || first) {
            first = false;
            char a = re.charAt(i++);
            if (a == '\\') {
                char e = re.charAt(i++);
                switch (e) {
                    case 'd' -> ranges.add(new char[] {'0', '9'});
                    case 'w' -> {
                        ranges.add(new char[] {'a', 'z'});
                        ranges.add(new char[] {'0', '9'});
                    }
                    case 's' -> ranges.add(new char[] {' ', ' '});
                    default -> ranges.add(new char[] {escape(e), escape(e)});
                }
                continue;
            }
            if (i + 1 < re.length() && re.charAt(i) == '-' && re.charAt(i + 1) != ']') {
                char b = re.charAt(i + 1);
                i += 2;
                ranges.add(new char[] {a, b});
            } else {
                ranges.add(new char[] {a, a});
            }
        }
        i++;
        if (!negated) {
            char[] r = ranges.get(0);
            // prefer a letter or digit inside the class, so the sample reads naturally
            for (char[] x : ranges) {
                if (Character.isLetterOrDigit(x[0])) {
                    return x[0];
                }
            }
            return r[0];
        }
        for (char c : "a1A-_x".toCharArray()) {
            boolean excluded = false;
            for (char[] x : ranges) {
                if (c >= x[0] && c <= x[1]) {
                    excluded = true;
                    break;
                }
            }
            if (!excluded) {
                return c;
            }
        }
        throw new IllegalArgumentException("negated class excludes every candidate");
    }
}
