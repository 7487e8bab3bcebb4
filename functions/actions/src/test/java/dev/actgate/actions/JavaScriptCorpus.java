package dev.actgate.actions;

import java.util.List;

/**
 * JavaScript that the write-time syntax check must accept and refuse: {@link ActionWriteChecksTest} runs it through
 * {@link ActionWriteChecks}, {@link ClosureParserJarIntegrationTest} through the trimmed parser of the Lambda archive
 * (which must answer every case as the full compiler does).
 */
final class JavaScriptCorpus {
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

    private JavaScriptCorpus() {
    }

    static List<String> accepted() {
        return ACCEPTED;
    }

    static List<String> refused() {
        return REFUSED;
    }
}
