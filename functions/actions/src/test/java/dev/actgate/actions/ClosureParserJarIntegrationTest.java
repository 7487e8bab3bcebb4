package dev.actgate.actions;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Lambda archive carries Closure Compiler trimmed to what the syntax check reaches (functions/actions/pom.xml,
 * the {@code closure-parser} shade step). This runs {@link ClosureSyntax} from the packaged class path — the module's
 * classes plus target/lambda/lib/closure-compiler-parser-*.jar, nothing else, in a class loader of its own — over a
 * corpus of accepted and refused scripts, and requires the same answer (every error message, line and column) as the
 * full compiler jar on the test class path gives. A class the trimming dropped shows up as a NoClassDefFoundError here.
 */
class ClosureParserJarIntegrationTest {

    /** Scripts the sandbox runs (ES2015–ES2022 syntax, the shapes saved actions use), all of which must parse. */
    static final List<String> ACCEPTED = List.of(
        "module.exports = async ({ input, membrane }) => { const r = await membrane.act({ key: 'x' }); return r?.items ?? []; }",
        "class Contact { #id; constructor(id) { this.#id = id; } static of(x) { return new Contact(x); } get id() { return this.#id; } }\n"
            + "module.exports = ({ input }) => Contact.of(input.id).id",
        "const { a, ...rest } = input; return { ...rest, a: a ** 2, tag: `v${a}` };",
        "module.exports = async function* gen() { for await (const x of []) yield x; }",
        "let n = 1_000_000; n ||= 2; n &&= 3; n ??= 4; return n;",
        "class Counter { #count = 0; static #instances = 0; static { Counter.ready = true; }\n"
            + "  #bump() { this.#count++; } static isCounter(o) { return #count in o; } get value() { this.#bump(); return this.#count; } }\n"
            + "module.exports = () => new Counter().value",
        "const s = 'static {'; const h = '#tag'; /* #x static { */ return s + h;",
        "return 1",
        "module.exports = () => { try { JSON.parse('x'); } catch { return null; } finally { } };",
        "const re = /(?<year>\\d{4})-(?<month>\\d{2})/u; const m = '2026-12'.match(re); return m.groups.year;",
        "const re2 = /a.b/s; return [re2.dotAll, /x/y.sticky, /\\p{L}+/u.test('é')];",
        "label: for (const [k, v] of Object.entries({ a: 1 })) { if (v) continue label; else break label; }",
        "const big = 12345678901234567890n * 2n; return typeof big === 'bigint';",
        "class A extends Array { constructor(...xs) { super(...xs); } static get [Symbol.species]() { return Array; } }\nreturn new A(1, 2);",
        "const o = { get x() { return 1; }, set x(v) { }, async *[Symbol.asyncIterator]() { yield 1; }, ['k' + 1]: 2 };",
        "const p = Promise.allSettled([]); const { default: d = 1, ...others } = {}; return [p, d, others];",
        "function f(a = 1, { b, c } = {}, [d, , e] = [], ...more) { 'use strict'; return new.target; }",
        "const t = String.raw`a\\n${1 + 1}b`; const nested = `x${`y${'z'}`}`; return t + nested;",
        "switch (input?.kind) { case 'a': { let x = 1; break; } default: }\nreturn 0x1f + 0o17 + 0b101 + 1e-3;",
        "do { var i = (i ?? 0) + 1; } while (i < 3); with_ = 1; return i;",
        "const fn = async () => { for await (const chunk of (async function* () { yield* [1, 2]; })()) { await chunk; } };",
        "/* a comment with `backticks` and ${braces} */ // line comment\nreturn void 0, typeof x, delete globalThis.y, !!0;",
        "import('x').then(m => m);",
        "const { [`computed${1}`]: renamed = 2 } = {}; return renamed;"
    );

    /** Scripts that must be refused (each with at least one error). */
    static final List<String> REFUSED = List.of(
        "module.exports = async ({ input }) => {\n  return input.a +;\n}",
        "module.exports = (",
        "const x = await fetch('/');",
        "class A { #x = 1; m() { return this.#x +; } }",
        "class A { _x = 1; m() { return this._x +; } }",
        "module.exports = () => { return ; ; }} {{",
        "const c;",
        "function (a) { }",
        "return 'unterminated",
        "return `unterminated ${1",
        "var x = /unterminated;",
        "for (const x of) {}",
        "class { }",
        "x => { yield 1 }; function* g() { yield = 1; }",
        "a?.b = 1;",
        "return 1 +\n\n\n  * 2;",
        "if (x) { else }",
        "const { a, } = 1, [ = 2;",
        "@decorator class A { }",
        "return 08n;",
        "const s = '\\u{110000}';"
    );

    @Test
    void theTrimmedParserAnswersEveryCaseAsTheFullCompilerDoes() throws Exception {
        Path module = Path.of(System.getProperty("actgate.root", "../..")).resolve("functions/actions");
        Path classes = module.resolve("target/classes");
        Path lib = module.resolve("target/lambda/lib");
        List<Path> trimmed;
        try (Stream<Path> files = Files.list(lib)) {
            trimmed = files.filter(p -> p.getFileName().toString().matches("closure-compiler-parser-.*\\.jar")).toList();
        }
        assertEquals(1, trimmed.size(), "exactly one trimmed parser jar in " + lib + " (run 'mvn package'): " + trimmed);
        try (Stream<Path> files = Files.list(lib)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().matches("closure-compiler-v.*\\.jar")),
                "the full compiler jar is not on the function's class path");
        }
        Path jar = trimmed.get(0);
        try (ZipFile z = new ZipFile(jar.toFile())) {
            assertNull(z.getEntry("externs.zip"), "the compiler's externs are not in the trimmed jar");
            assertNull(z.getEntry("com/google/javascript/jscomp/Compiler.class"), "the compiler itself is not in the trimmed jar");
            assertTrue(z.getEntry("com/google/javascript/jscomp/parsing/ParserRunner.class") != null, "the parser is");
        }
        assertTrue(Files.size(jar) < 6L * 1024 * 1024, "trimmed jar is " + Files.size(jar) + " bytes");

        try (URLClassLoader packaged = new URLClassLoader(new URL[] {classes.toUri().toURL(), jar.toUri().toURL()},
            ClassLoader.getPlatformClassLoader())) {
            Class<?> type = packaged.loadClass(ClosureSyntax.class.getName());
            assertEquals(packaged, type.getClassLoader(), "ClosureSyntax is loaded from the packaged class path");
            Method errors = type.getDeclaredMethod("errors", String.class);
            errors.setAccessible(true);
            List<String> mismatches = new ArrayList<>();
            List<String> wrongCorpus = new ArrayList<>();
            for (String code : ACCEPTED) {
                List<String> full = ClosureSyntax.errors(code);
                Object fromJar = errors.invoke(null, code);
                if (!full.isEmpty()) {
                    wrongCorpus.add("refused by the full compiler: " + code + " -> " + full);
                }
                if (!full.equals(fromJar)) {
                    mismatches.add(code + "\n  full: " + full + "\n  trimmed: " + fromJar);
                }
            }
            for (String code : REFUSED) {
                List<String> full = ClosureSyntax.errors(code);
                Object fromJar = errors.invoke(null, code);
                if (full.isEmpty()) {
                    wrongCorpus.add("accepted by the full compiler: " + code);
                }
                if (!full.equals(fromJar)) {
                    mismatches.add(code + "\n  full: " + full + "\n  trimmed: " + fromJar);
                }
            }
            assertEquals(List.of(), wrongCorpus, "the corpus says what the full compiler does");
            assertEquals(List.of(), mismatches, "the trimmed parser answers as the full compiler");
        }
    }
}
