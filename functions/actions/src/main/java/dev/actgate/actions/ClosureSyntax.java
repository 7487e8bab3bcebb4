package dev.actgate.actions;

import com.google.javascript.jscomp.parsing.Config;
import com.google.javascript.jscomp.parsing.ParserRunner;
import com.google.javascript.rhino.ErrorReporter;
import com.google.javascript.rhino.SimpleSourceFile;
import com.google.javascript.rhino.StaticSourceFile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Syntax check of run-javascript code with Google Closure Compiler's parser (pure Java; ES2015+ through ES_NEXT:
 * async arrow functions, optional chaining, classes, …). Only parses: no compilation, no execution.
 *
 * <p>Every Closure class is referenced from here only, so the 15 MB compiler jar is not even opened until the
 * first run-javascript action is written (the JVM loads classes on first use).
 *
 * <p>The code is wrapped exactly as the act function's sandbox wraps it, as the body of a CommonJS module
 * function, so what parses here is what runs there (a top-level {@code return} is fine, a top-level {@code await}
 * is not). The wrapper starts on line 1, so line numbers need no shift.
 *
 * <p><b>Two ES2022 gaps, bridged.</b> The parser release usable on Java 17 (see functions/actions/pom.xml) predates
 * private class members ({@code #x}, {@code this.#x}, {@code #m()}, {@code #x in o}) and class static blocks
 * (<code>static { … }</code>), which the sandbox (GraalJS, ECMAScript "latest") runs. Before parsing, each {@code #}
 * that starts a name becomes {@code _}, and <code>static {</code> becomes <code>m()    {</code> (a method), both keeping the
 * text's length so reported columns stay right. Inside strings, comments and regular expressions the rewrite
 * changes nothing that matters to syntax; outside them it can only turn a misplaced private name into an ordinary
 * one (such code is then accepted here and fails with a SyntaxError when run). Still refused, although GraalJS
 * accepts them: the regular-expression {@code v} flag (ES2024) and {@code using} declarations.
 */
final class ClosureSyntax {
    static final String PREFIX = "(function (module, exports) {";
    static final String SUFFIX = "\n})";
    private static final java.util.regex.Pattern PRIVATE_NAME = java.util.regex.Pattern.compile("#(?=[\\p{L}_$\\\\])");
    private static final java.util.regex.Pattern STATIC_BLOCK = java.util.regex.Pattern.compile("\\bstatic([ \\t]*)\\{");
    private static final int MAX_REPORTED = 5;

    private static final Config CONFIG = ParserRunner.createConfig(Config.LanguageMode.UNSUPPORTED, Config.JsDocParsing.TYPES_ONLY,
        Config.RunMode.KEEP_GOING, Set.of(), false, Config.StrictMode.SLOPPY);

    private ClosureSyntax() {
    }

    /** Syntax errors as "line L, column C: message"; empty when the code parses. */
    static List<String> errors(String code) {
        List<String> errors = new ArrayList<>();
        ErrorReporter reporter = new ErrorReporter() {
            @Override
            public void warning(String message, String sourceName, int line, int lineOffset) {
                // warnings (JSDoc, deprecated syntax) never reject code
            }

            @Override
            public void error(String message, String sourceName, int line, int lineOffset) {
                if (errors.size() < MAX_REPORTED) {
                    // Closure's columns are 1-based; line 1 starts after the wrapper's prefix
                    int column = line == 1 ? Math.max(1, lineOffset - PREFIX.length()) : lineOffset;
                    errors.add("line " + line + ", column " + column + ": " + message);
                }
            }
        };
        try {
            ParserRunner.parse(new SimpleSourceFile("action.js", StaticSourceFile.SourceKind.STRONG), PREFIX + bridge(code) + SUFFIX,
                CONFIG, reporter);
        } catch (RuntimeException e) {
            // The parser gives up on some malformed input by throwing (an unterminated regular expression literal,
            // `var x = /a;`, ends in a StringIndexOutOfBoundsException inside it): that is refused code, not a 500.
            if (errors.isEmpty()) {
                errors.add("the parser stopped on malformed input (for example an unterminated regular expression or string)");
            }
        }
        return errors;
    }

    /** The length-keeping rewrite of private names and static blocks described in the class comment. */
    static String bridge(String code) {
        if (code.indexOf('#') < 0 && !code.contains("static")) {
            return code;
        }
        String out = PRIVATE_NAME.matcher(code).replaceAll("_");
        java.util.regex.Matcher m = STATIC_BLOCK.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, "m()" + " ".repeat(3 + m.group(1).length()) + "{");
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
