package dev.actgate.local.adversarial;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Escape and exhaustion attempts through POST /act {@code code}. An escape attempt returns what it found when it
 * gets anywhere and throws {@code Error('contained')} otherwise, so "contained" is always a 4xx custom_code /
 * action_run error and a 200 means the attempt succeeded. Exhaustion attempts must end in a 4xx limit error. After
 * each one the runtime must still answer, and a trivial run must still work.
 */
@ExtendWith(Suite.Extension.class)
class AdversarialSandboxTest {
    static Suite s;
    static Tally.Category cat;
    static long started;
    static String tenant;

    @BeforeAll
    static void setUp() {
        s = Suite.get();
        cat = s.tally.category("sandbox");
        cat.about = "host-escape, global-leak, prototype-pollution, bootstrap-poisoning and exhaustion code through POST /act (expect a 4xx custom_code/action_run error, never a 5xx; a trivial run still works after each)";
        started = System.nanoTime();
        tenant = s.tenant("sandbox-tenant");
        s.ensureIntegration(s.manager(), "sandbox-app", s.canary.baseUrl() + "/sandbox");
        s.createConnection(tenant, "sandbox-app", "sandbox-conn", "sandbox-key-" + Suite.SEED);
    }

    @AfterAll
    static void report() {
        cat.millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println(cat.report());
    }

    record Attack(String name, String code, boolean mayComplete) {
        /** Must end in a 4xx custom_code/action_run error. */
        static Attack contained(String name, String code) {
            return new Attack(name, code, false);
        }

        /** May also end in a 200 (the attack had no effect); never a 5xx. */
        static Attack harmless(String name, String code) {
            return new Attack(name, code, true);
        }
    }

    static final String CONTAINED = "\nthrow new Error('contained');";

    static String probe(String expression) {
        // Returns the probe's value when it yields anything, else throws "contained".
        return "module.exports = async () => {\n  let v;\n  try { v = (" + expression + "); } catch (e) { throw new Error('contained: ' + e); }\n"
            + "  if (v) return { escaped: String(v) };" + CONTAINED + "\n};";
    }

    static List<Attack> attacks() {
        List<Attack> a = new ArrayList<>();
        // Reaching the host
        a.add(Attack.contained("Java.type", probe("Java.type('java.lang.Runtime').getRuntime().exec('id')")));
        a.add(Attack.contained("globalThis.Java", probe("globalThis.Java")));
        a.add(Attack.contained("Packages", probe("globalThis.Packages || globalThis.java")));
        a.add(Attack.contained("Polyglot.eval", probe("Polyglot.eval('js', '1+1')")));
        a.add(Attack.contained("Polyglot.import", probe("Polyglot.import('anything')")));
        a.add(Attack.contained("Graal", probe("Graal.versionJS")));
        a.add(Attack.contained("require child_process", probe("require('child_process').execSync('id')")));
        a.add(Attack.contained("require fs", probe("require('fs').readFileSync('/etc/passwd', 'utf8')")));
        a.add(Attack.contained("process.env", probe("process.env")));
        a.add(Attack.contained("process via Function", probe("Function('return process')()")));
        a.add(Attack.contained("this.constructor.constructor('return process')()", "module.exports = function () {\n"
            + "  const p = this.constructor.constructor('return process')();\n  if (p) return { escaped: String(Object.keys(p.env)) };"
            + CONTAINED + "\n};"));
        a.add(Attack.contained("arguments.callee.caller chain", "module.exports = function f() {\n  let c = f.caller, n = 0, found = [];\n"
            + "  try { while (c && n++ < 50) { found.push(String(c).slice(0, 80)); c = c.caller; } } catch (e) { throw new Error('contained: ' + e); }\n"
            + "  if (found.some(x => x.includes('hostCall') || x.includes('settle'))) return { escaped: found };" + CONTAINED + "\n};"));
        a.add(Attack.contained("Function('return this')() globals", probe(
            "Object.getOwnPropertyNames(Function('return this')()).filter(n => ['Java','Polyglot','Graal','Packages','java','load',"
                + "'loadWithNewGlobal','print','printErr','quit','exit','require','process','fetch','XMLHttpRequest','Debug','read',"
                + "'readbuffer','readline','console_','importScriptEngineGlobalBindings','arguments','setTimeout','setInterval'].includes(n)).join(',')")));
        a.add(Attack.contained("indirect eval this", probe("(0, eval)('this').Java || (0, eval)('this').Polyglot")));
        a.add(Attack.contained("load()", probe("load('nashorn:mozilla_compat.js')")));
        a.add(Attack.contained("loadWithNewGlobal", probe("loadWithNewGlobal({ script: '1', name: 'x' })")));
        a.add(Attack.contained("print/quit", probe("print('x') || quit()")));
        a.add(Attack.contained("dynamic import of a file", "module.exports = async () => { try { const m = await import('file:///etc/passwd'); "
            + "return { escaped: String(m) }; } catch (e) { throw new Error('contained: ' + e); } };"));
        a.add(Attack.contained("dynamic import of a module", "module.exports = async () => { try { const m = await import('fs'); "
            + "return { escaped: String(Object.keys(m)) }; } catch (e) { throw new Error('contained: ' + e); } };"));
        a.add(Attack.contained("host function introspection (api.get)", "module.exports = async ({ api, membrane }) => {\n"
            + "  const found = [];\n  for (const f of [api.get, api.request, membrane.act, membrane.connections.find]) {\n"
            + "    for (const k of ['getClass', 'class', 'constructor', '__proto__', 'hostCall']) { try { const v = f[k]; "
            + "if (v && String(v).includes('java')) found.push(k + '=' + String(v)); } catch (e) {} }\n  }\n"
            + "  try { const c = api.get.constructor('return this')(); if (c.Java) found.push('Java'); } catch (e) {}\n"
            + "  if (found.length) return { escaped: found };" + CONTAINED + "\n};"));
        a.add(Attack.contained("Error stack shows host frames", "module.exports = async ({ api }) => {\n"
            + "  let stack = '';\n  try { await api.request(null); } catch (e) { stack += e.stack; }\n  try { null.x; } catch (e) { stack += e.stack; }\n"
            + "  if (/java\\.|dev\\.actgate|org\\.graalvm|actgate-sandbox/.test(stack)) return { escaped: stack };" + CONTAINED + "\n};"));
        a.add(Attack.contained("Error.prepareStackTrace hook", probe("(Error.prepareStackTrace = (e, s) => s.map(f => f.getThis && f.getThis()), "
            + "new Error().stack).filter(x => x && x.getClass).length")));
        a.add(Attack.contained("WebAssembly", probe("typeof WebAssembly !== 'undefined' && WebAssembly.Module")));
        a.add(Attack.contained("Intl host leak", probe("Intl.DateTimeFormat().resolvedOptions().timeZone !== 'UTC' && "
            + "Intl.DateTimeFormat().resolvedOptions().timeZone")));

        // Exhaustion
        a.add(Attack.contained("infinite loop", "module.exports = () => { while (true) {} };"));
        a.add(Attack.contained("infinite loop at module scope", "for (;;) {}"));
        a.add(Attack.contained("deep recursion", "module.exports = () => { const f = (n) => f(n + 1) + 1; return f(0); };"));
        a.add(Attack.contained("deep recursion through getters", "const o = {}; Object.defineProperty(o, 'x', { get() { return this.x; } });\n"
            + "module.exports = () => o.x;"));
        a.add(Attack.contained("huge string by doubling", "module.exports = () => { let s = 'x'; while (true) s += s; };"));
        a.add(Attack.contained("huge string repeat", "module.exports = () => 'x'.repeat(2 ** 30).length;"));
        a.add(Attack.contained("huge array of arrays", "module.exports = () => { const a = []; while (true) a.push(new Array(1e6).fill(1.5)); };"));
        a.add(Attack.contained("huge typed array", "module.exports = () => new Float64Array(2 ** 31).length;"));
        a.add(Attack.contained("many typed arrays", "module.exports = () => { const a = []; while (true) a.push(new Uint8Array(32 * 1024 * 1024)); };"));
        a.add(Attack.contained("huge object map", "module.exports = () => { const m = new Map(); for (let i = 0; ; i++) m.set(i, { i, s: 'v' + i }); };"));
        a.add(Attack.contained("10 MB output", "module.exports = () => 'x'.repeat(10 * 1024 * 1024);"));
        a.add(Attack.contained("10 MB output as an array", "module.exports = () => Array.from({ length: 1024 * 1024 }, () => 'abcdefgh');"));
        a.add(Attack.contained("deeply nested output", "module.exports = () => { let o = {}; const root = o; for (let i = 0; i < 5000; i++) { o.a = {}; o = o.a; } return root; };"));
        a.add(Attack.contained("never-settling promise", "module.exports = () => new Promise(() => {});"));
        a.add(Attack.contained("await a never-settling promise", "module.exports = async () => { await new Promise(() => {}); return 1; };"));
        a.add(Attack.contained("endless microtasks", "module.exports = () => { const f = () => Promise.resolve().then(f); f(); return new Promise(() => {}); };"));
        a.add(Attack.contained("Atomics.wait forever", "module.exports = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);"));
        a.add(Attack.contained("catastrophic regex", "module.exports = () => { /^(a|a?)+$/.test('a'.repeat(40) + 'b'); /(x+x+)+y/.test('x'.repeat(5000));"
            + CONTAINED + " };"));
        a.add(Attack.contained("console flood", "module.exports = () => { for (;;) console.log('x'.repeat(1000)); };"));
        a.add(Attack.contained("membrane.act nested 7 deep", "module.exports = async ({ membrane }) => {\n"
            + "  let code = 'module.exports = 1';\n"
            + "  for (let i = 0; i < 6; i++) code = 'module.exports = async ({ membrane }) => membrane.act(' + JSON.stringify({ connectionKey: 'sandbox-conn', code }) + ')';\n"
            + "  return membrane.act({ connectionKey: 'sandbox-conn', code });\n};"));
        a.add(Attack.contained("syntax error", "module.exports = () => { return ; ; }} {{"));
        a.add(Attack.contained("throw a non-Error", "module.exports = () => { throw Symbol('x'); };"));
        a.add(Attack.contained("throw an object with a throwing getter", "module.exports = () => { throw { get message() { throw new Error('boom'); }, "
            + "get name() { while (true) {} } }; };"));

        // Poisoning the bootstrap and the host side
        a.add(Attack.harmless("JSON.stringify replaced", "JSON.stringify = () => { throw new Error('poisoned'); };\nmodule.exports = () => ({ a: 1 });"));
        a.add(Attack.harmless("JSON.stringify returns a non-string", "JSON.stringify = () => 12345;\nmodule.exports = () => ({ a: 1 });"));
        a.add(Attack.harmless("JSON.parse replaced before a host call", "JSON.parse = () => ({ ok: true, value: 'forged' });\n"
            + "module.exports = async ({ api }) => api.get('/items');"));
        a.add(Attack.harmless("Promise.prototype.then replaced", "Promise.prototype.then = function () { return this; };\nmodule.exports = async () => 1;"));
        a.add(Attack.harmless("Object.prototype.then (thenable trap)", "Object.prototype.then = function (ok) { ok(this); };\nmodule.exports = () => ({ a: 1 });"));
        a.add(Attack.harmless("Object.prototype.toJSON throwing", "Object.prototype.toJSON = function () { throw new Error('nope'); };\nmodule.exports = () => ({ a: 1 });"));
        a.add(Attack.harmless("WeakSet replaced (used by console formatting)", "globalThis.WeakSet = function () { return { has() { while (true) {} }, add() {} }; };\n"
            + "module.exports = () => { console.log({ a: 1 }); return 1; };"));
        a.add(Attack.harmless("String replaced", "globalThis.String = () => { throw new Error('no'); };\nmodule.exports = () => { console.log(1n, Symbol('s')); return 1; };"));
        a.add(Attack.harmless("Reflect.apply replaced", "Reflect.apply = () => 'forged';\nmodule.exports = () => 1;"));
        a.add(Attack.harmless("Symbol.toPrimitive on the output", "module.exports = () => ({ [Symbol.toPrimitive]() { throw new Error('x'); }, toString() { throw 1; } });"));
        a.add(Attack.harmless("output is a BigInt", "module.exports = () => 10n ** 100n;"));
        a.add(Attack.harmless("output is a Proxy that throws", "module.exports = () => new Proxy({}, { ownKeys() { throw new Error('trap'); }, get() { throw new Error('trap'); } });"));
        a.add(Attack.harmless("output with a lone surrogate", "module.exports = () => ({ s: '\\ud800', t: '\\udfff\\u0000' });"));
        a.add(Attack.harmless("module.exports a getter that throws", "Object.defineProperty(module, 'exports', { get() { throw new Error('getter'); } });"));
        a.add(Attack.harmless("host call with a hostile payload", "module.exports = async ({ api, membrane }) => {\n  const r = [];\n"
            + "  for (const p of [ { toJSON() { return undefined; } }, { method: 'GET', path: { toString() { return '/x'; } } }, { method: {}, path: '/x' },"
            + " { method: 'GET', path: '/x', query: { a: { b: 1 } } }, { method: 'GET', path: '/x', headers: { 'X-A': { b: 1 } } },"
            + " { method: 'GET', path: '/x', headers: { Host: 'evil.example', Authorization: 'Bearer forged' } } ]) {\n"
            + "    try { r.push(await api.request(p)); } catch (e) { r.push(String(e.message).slice(0, 100)); }\n  }\n"
            + "  for (const q of ['x', 1, null, [], { limit: 5000 }, { integrationKey: {} }]) { try { r.push(await membrane.connections.find(q)); } catch (e) { r.push(e.message); } }\n"
            + "  for (const sel of ['', {}, [], 1e300, 'x'.repeat(5000)]) { try { r.push(await membrane.connection(sel).proxy.get('/x')); } catch (e) { r.push(e.message); } }\n"
            + "  for (const body of [{}, { code: 'x' }, { api: 1 }, { connectionKey: '' , api: { method: 'GET', path: '/x' } }]) { try { r.push(await membrane.act(body)); } catch (e) { r.push(e.message); } }\n"
            + "  return r.length;\n};"));
        return a;
    }

    /** One dynamic test per attack (the pollution pair is one: the second run checks what the first left). */
    @TestFactory
    Stream<DynamicTest> escapeAndExhaustionAttemptsAreContained() {
        // Pollution from one run must not be visible to the next.
        String polluter = "Object.prototype.polluted = 'yes'; Array.prototype.map = () => 'poisoned'; globalThis.leak = 42;\n"
            + "JSON.parse = () => ({ forged: true }); String.prototype.toUpperCase = () => 'P';\nmodule.exports = () => 1;";
        String victim = "module.exports = () => {\n  const seen = [];\n  if (({}).polluted) seen.push('Object.prototype');\n"
            + "  if ([1].map(x => x) === 'poisoned') seen.push('Array.prototype');\n  if (typeof leak !== 'undefined') seen.push('global');\n"
            + "  if (JSON.parse('{}').forged) seen.push('JSON.parse');\n  if ('a'.toUpperCase() === 'P') seen.push('String.prototype');\n"
            + "  if (seen.length) return { escaped: seen };" + CONTAINED + "\n};";
        DynamicTest pollution = cat.attempt("prototype pollution is not carried to the next run", () -> {
            runAttack(Attack.harmless("prototype pollution (polluting run)", polluter));
            runAttack(Attack.contained("prototype pollution carried to the next run", victim));
        });
        List<Attack> attacks = attacks();
        cat.note(attacks.size() + 2 + " attacks, each followed by a liveness check");
        return Stream.concat(Stream.of(pollution), attacks.stream().map(a -> cat.attempt(a.name(), () -> runAttack(a))));
    }

    void runAttack(Attack attack) {
        RawHttp.Request req = RawHttp.Request.of("POST", "/act").bearer(tenant)
            .json(Map.of("connectionKey", "sandbox-conn", "code", attack.code()));
        long t0 = System.nanoTime();
        RawHttp.Response res = s.send(req);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String problem;
        if (res.failure() != null) {
            problem = "no HTTP response: " + res.failure();
        } else if (res.status() >= 500) {
            problem = "5xx: the attack was not contained as a caller error";
        } else if (res.status() == 200) {
            problem = attack.mayComplete() ? null : "the attack completed (200): " + RawHttp.cap(res.body(), 300);
        } else if (res.status() >= 400) {
            problem = Suite.errorShapeProblem(res);
            String type = res.json().path("type").asText();
            if (problem == null && !attack.mayComplete() && !type.equals("custom_code") && !type.equals("action_run")
                && !(res.status() == 400 && type.equals("bad_request"))) {
                problem = "error type '" + type + "' is not custom_code/action_run";
            }
        } else {
            problem = "unexpected status " + res.status();
        }
        cat.record("sandbox: " + attack.name() + " (" + ms + " ms, " + res.status() + " " + Suite.code(res) + ")", req, res, problem);
        if (ms > 1_500) {
            cat.note(attack.name() + ": " + res.status() + " " + Suite.code(res) + " after " + ms + " ms");
        }
        // Liveness: the runtime answers and a trivial run still works.
        RawHttp.Request ping = RawHttp.Request.of("POST", "/act").bearer(tenant)
            .json(Map.of("connectionKey", "sandbox-conn", "code", "module.exports = ({ input }) => ({ ok: true, input })", "input", 7));
        RawHttp.Response pong = s.send(ping);
        String liveness = Suite.expectStatus(pong, 200);
        if (liveness == null && !pong.json().path("output").path("ok").asBoolean()) {
            liveness = "trivial run returned " + pong.body();
        }
        cat.record("liveness after '" + attack.name() + "'", ping, pong, liveness);
    }
}
