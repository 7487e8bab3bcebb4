package dev.actgate.act.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.act.sandbox.Watchdog.Limit;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;

/**
 * Turns what went wrong in a run into the ApiException the caller sees: positions in the caller's own code (the
 * module wrapper's prefix removed from line 1), stacks without internal frames, and the console lines so far.
 */
final class JsErrors {
    static final int MAX_STACK_LINES = 20;
    static final int MAX_MESSAGE_CHARS = 2_000;
    private static final int MAX_STACK_LINE_CHARS = 500;
    private static final Pattern USER_FRAME = Pattern.compile(
        Pattern.quote(Bootstrap.USER_SOURCE_NAME) + ":(\\d+):(\\d+)");
    private static final Pattern SYNTAX_PREFIX = Pattern.compile(
        "^(?:SyntaxError: )?" + Pattern.quote(Bootstrap.USER_SOURCE_NAME) + ":\\d+:\\d+ ");

    private final String code;
    private final ConsoleBuffer console;

    JsErrors(String code, ConsoleBuffer console) {
        this.code = code;
        this.console = console;
    }

    /** A thrown value as described by the bootstrap: {name, message, stack?, status?, code?}. */
    ApiException thrown(JsonNode described) {
        String name = text(described, "name", "Error");
        String message = text(described, "message", "");
        String stack = described.hasNonNull("stack") ? described.get("stack").asText() : null;
        Integer line = null;
        Integer column = null;
        if (stack != null) {
            // The innermost frame in the caller's code; the message lines above the frames are not searched.
            for (String frame : stack.split("\n")) {
                Matcher m = USER_FRAME.matcher(frame);
                if (frame.stripLeading().startsWith("at ") && m.find()) {
                    line = Integer.valueOf(m.group(1));
                    column = userColumn(line, Integer.parseInt(m.group(2)));
                    break;
                }
            }
            stack = trimStack(stack);
        }
        Map<String, Object> data = codeError(name, message, line, column, stack);
        if (described.hasNonNull("status")) {
            data.put("status", described.get("status").asInt());
        }
        if (described.hasNonNull("code")) {
            data.put("code", described.get("code").asText());
        }
        return new ApiException(ErrorCode.CUSTOM_CODE_ERROR, display(name, message, line, column), data);
    }

    ApiException syntax(PolyglotException e) {
        String first = firstLine(e.getMessage());
        String message = SYNTAX_PREFIX.matcher(first).replaceFirst("");
        if (message.startsWith("SyntaxError: ")) {
            message = message.substring("SyntaxError: ".length());
        }
        Integer line = null;
        Integer column = null;
        SourceSection at = e.getSourceLocation();
        if (at != null && at.isAvailable()) {
            int[] clamped = clampToCode(at.getStartLine(), userColumn(at.getStartLine(), at.getStartColumn()));
            line = clamped[0];
            column = clamped[1];
        }
        return new ApiException(ErrorCode.CUSTOM_CODE_ERROR, display("SyntaxError", message, line, column),
            codeError("SyntaxError", message, line, column, null));
    }

    /** The checkSyntax form: "SyntaxError: … (line L, column C)". */
    String syntaxMessage(PolyglotException e) {
        return syntax(e).getMessage();
    }

    /** A guest error that got past the bootstrap (it catches everything it can, so this is rare). */
    ApiException escaped(PolyglotException e) {
        String first = firstLine(e.getMessage());
        int colon = first.indexOf(": ");
        String name = colon > 0 && first.substring(0, colon).matches("[A-Za-z]*Error")
            ? first.substring(0, colon) : "Error";
        String message = colon > 0 && !name.equals("Error") ? first.substring(colon + 2) : first;
        Integer line = null;
        Integer column = null;
        SourceSection at = e.getSourceLocation();
        if (at != null && at.isAvailable() && Bootstrap.USER_SOURCE_NAME.equals(at.getSource().getName())) {
            line = at.getStartLine();
            column = userColumn(line, at.getStartColumn());
        }
        return new ApiException(ErrorCode.CUSTOM_CODE_ERROR, display(name, message, line, column),
            codeError(name, message, line, column, null));
    }

    ApiException neverSettled() {
        String message = "The exported function returned a promise that never settled"
            + " (the sandbox has no timers or I/O that could settle it later)";
        return new ApiException(ErrorCode.CUSTOM_CODE_ERROR, message, codeError("Error", message, null, null, null));
    }

    ApiException limit(Limit limit, SandboxLimits limits, long effectiveHeapLimit) {
        Map<String, Object> data = new LinkedHashMap<>();
        String message;
        switch (limit) {
            case TIMEOUT -> {
                long millis = limits.timeout().toMillis();
                message = "Custom code exceeded the wall-clock timeout of " + millis + " ms";
                data.put("limit", "timeout");
                data.put("value", millis);
            }
            case STATEMENTS -> {
                message = "Custom code exceeded the statement limit of " + limits.statementLimit() + " statements";
                data.put("limit", "statementLimit");
                data.put("value", limits.statementLimit());
            }
            default -> {
                message = "Custom code exceeded the heap growth limit of " + mib(limits.maxHeapGrowthBytes())
                    + (effectiveHeapLimit < limits.maxHeapGrowthBytes()
                        ? " (lowered to " + mib(effectiveHeapLimit) + " because the JVM heap is nearly full)" : "");
                data.put("limit", "maxHeapGrowthBytes");
                data.put("value", limits.maxHeapGrowthBytes());
            }
        }
        data.put("console", console.asData());
        return new ApiException(ErrorCode.CUSTOM_CODE_TIMEOUT, message, data);
    }

    ApiException outputTooLarge(long size, boolean atLeast, int max) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sizeBytes", size);
        data.put("maxOutputBytes", max);
        data.put("console", console.asData());
        return new ApiException(ErrorCode.OUTPUT_TOO_LARGE, "The output is " + (atLeast ? "at least " : "") + size
            + " bytes of JSON, over the limit of " + max + " bytes", data);
    }

    ApiException badOutput(String reason) {
        String message = "The output could not be converted to JSON: " + reason;
        return new ApiException(ErrorCode.CUSTOM_CODE_ERROR, message, codeError("Error", message, null, null, null));
    }

    private Map<String, Object> codeError(String name, String message, Integer line, Integer column, String stack) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", name);
        data.put("message", cut(message, MAX_MESSAGE_CHARS));
        data.put("line", line);
        data.put("column", column);
        if (stack != null) {
            data.put("stack", stack);
        }
        data.put("console", console.asData());
        return data;
    }

    private static String display(String name, String message, Integer line, Integer column) {
        // The first line only: engine messages may append a code excerpt, and the data keeps the whole message.
        String first = firstLine(message);
        String text = cut(first.isEmpty() ? name : name + ": " + first, MAX_MESSAGE_CHARS);
        return line == null ? text : text + " (line " + line + ", column " + column + ")";
    }

    /** Columns on line 1 include the module prefix the caller never wrote. */
    private static int userColumn(int line, int column) {
        return line == 1 ? Math.max(1, column - Bootstrap.MODULE_PREFIX.length()) : column;
    }

    /** A missing brace is reported on the wrapper's closing line; point at the end of the caller's code instead. */
    private int[] clampToCode(int line, int column) {
        String[] lines = code.split("\n", -1);
        if (line > lines.length) {
            String last = lines[lines.length - 1];
            return new int[] {lines.length, last.length() + 1};
        }
        return new int[] {line, column};
    }

    /** Keeps the message lines and the caller's own frames (GraalJS shows no Java frames; internal ones are hidden). */
    private static String trimStack(String stack) {
        List<String> kept = new ArrayList<>();
        for (String raw : stack.split("\n")) {
            if (kept.size() == MAX_STACK_LINES) {
                break;
            }
            String line = raw.stripTrailing();
            boolean frame = line.stripLeading().startsWith("at ");
            if (frame && (line.contains("<java>") || line.contains("(Unknown)") || line.contains("Unnamed:"))) {
                continue;
            }
            if (frame) {
                line = shiftFirstLineColumns(line);
            }
            kept.add(cut(line, MAX_STACK_LINE_CHARS));
        }
        return String.join("\n", kept);
    }

    private static String shiftFirstLineColumns(String frame) {
        Matcher m = USER_FRAME.matcher(frame);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int line = Integer.parseInt(m.group(1));
            int column = userColumn(line, Integer.parseInt(m.group(2)));
            m.appendReplacement(out, Matcher.quoteReplacement(Bootstrap.USER_SOURCE_NAME + ":" + line + ":" + column));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static String mib(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
    }
}
