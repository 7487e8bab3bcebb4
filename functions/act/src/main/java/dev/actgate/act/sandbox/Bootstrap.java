package dev.actgate.act.sandbox;

import org.graalvm.polyglot.Source;

/**
 * The JavaScript that runs in every context before the caller's code: it strips non-standard globals, installs
 * {@code console}, and returns the function that loads the module, calls it and reports the outcome. Host data
 * crosses the boundary only as JSON strings, so guest code only ever sees plain JavaScript values.
 *
 * <p>The source is internal (its frames never show in stack traces) and one instance is shared, so the engine parses
 * it once for all contexts.
 */
final class Bootstrap {
    /** The caller's code is wrapped like a CommonJS module, starting on line 1 so line numbers need no shift. */
    static final String MODULE_PREFIX = "(function (module, exports) {";
    static final String MODULE_SUFFIX = "\n})";
    static final String USER_SOURCE_NAME = "action.js";

    static final Source SOURCE = Source.newBuilder("js", """
        (function (hostCall, hostLog, settle, maxOutputChars) {
          'use strict';
          const G = globalThis;
          // Standard ECMAScript globals only: whatever else this GraalJS version adds (Java, Polyglot, load, print,
          // Graal, ...) is removed, so an upgrade cannot silently widen what guest code reaches.
          const ALLOWED = new Set(['Object', 'Function', 'Array', 'String', 'Date', 'Number', 'Boolean', 'RegExp',
            'Math', 'JSON', 'NaN', 'Infinity', 'undefined', 'isNaN', 'isFinite', 'parseFloat', 'parseInt', 'encodeURI',
            'encodeURIComponent', 'decodeURI', 'decodeURIComponent', 'eval', 'escape', 'unescape', 'Error',
            'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError', 'AggregateError',
            'ArrayBuffer', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
            'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'DataView', 'BigInt',
            'Map', 'Set', 'WeakMap', 'WeakSet', 'Symbol', 'Reflect', 'Proxy', 'Promise', 'SharedArrayBuffer',
            'Atomics', 'globalThis', 'WeakRef', 'FinalizationRegistry', 'Intl']);
          for (const name of Object.getOwnPropertyNames(G)) {
            if (!ALLOWED.has(name)) {
              delete G[name];
            }
          }
          for (const name of ['Java', 'Polyglot', 'Graal', 'load', 'print', 'quit', 'require', 'process', 'fetch',
            'XMLHttpRequest', 'Packages', 'java']) {
            if (name in G) {
              throw new Error('sandbox: global ' + name + ' could not be removed');
            }
          }

          // Captured before guest code can replace them.
          const apply = Reflect.apply;
          const parse = JSON.parse;
          const stringify = JSON.stringify;
          const promiseResolve = Promise.resolve.bind(Promise);
          const promiseThen = Promise.prototype.then;
          const ErrorType = Error;
          const TypeErrorType = TypeError;
          const toText = String;
          const freeze = Object.freeze;

          function safeJson(value) {
            const seen = new WeakSet();
            const out = stringify(value, function (key, v) {
              switch (typeof v) {
                case 'bigint': return toText(v) + 'n';
                case 'function': return '[Function: ' + (v.name || '(anonymous)') + ']';
                case 'symbol': return v.toString();
                case 'undefined': return key === '' ? undefined : 'undefined';
                case 'object':
                  if (v !== null) {
                    if (seen.has(v)) return '[Circular]';
                    seen.add(v);
                  }
                  return v;
                default: return v;
              }
            });
            return out === undefined ? toText(value) : out;
          }

          // Roughly Node's util.inspect: strings bare at the top level, JSON for plain objects and arrays.
          function inspect(value, top) {
            try {
              switch (typeof value) {
                case 'string': return top ? value : stringify(value);
                case 'bigint': return toText(value) + 'n';
                case 'symbol': return value.toString();
                case 'function': return value.name ? '[Function: ' + value.name + ']' : '[Function (anonymous)]';
                case 'object':
                  if (value === null) return 'null';
                  if (value instanceof ErrorType) {
                    return typeof value.stack === 'string' ? value.stack : toText(value);
                  }
                  if (value instanceof Date) return isNaN(value) ? 'Invalid Date' : value.toISOString();
                  if (value instanceof Map) return 'Map(' + value.size + ') ' + safeJson(Object.fromEntries(value));
                  if (value instanceof Set) return 'Set(' + value.size + ') ' + safeJson(Array.from(value));
                  return safeJson(value);
                default: return toText(value);
              }
            } catch (e) {
              return '[unprintable ' + typeof value + ']';
            }
          }

          function format(args) {
            if (args.length === 0) return '';
            let rest = 0;
            let head;
            if (typeof args[0] === 'string' && args.length > 1 && args[0].includes('%')) {
              let i = 1;
              head = args[0].replace(/%([sdifjoOc%])/g, (match, f) => {
                if (f === '%') return '%';
                if (i >= args.length) return match;
                const a = args[i++];
                switch (f) {
                  case 's': return typeof a === 'string' ? a : inspect(a, false);
                  case 'd': return typeof a === 'object' ? 'NaN' : toText(Number(a));
                  case 'i': return typeof a === 'object' ? 'NaN' : toText(parseInt(a, 10));
                  case 'f': return toText(parseFloat(a));
                  case 'j': return safeJson(a);
                  case 'c': return '';
                  default: return inspect(a, false);
                }
              });
              rest = i;
            } else {
              head = inspect(args[0], true);
              rest = 1;
            }
            let out = head;
            for (let i = rest; i < args.length; i++) {
              out += ' ' + inspect(args[i], true);
            }
            return out;
          }

          let consoleOpen = true;
          function logAt(level) {
            return function () {
              if (!consoleOpen) return;
              let message = format(arguments);
              if (message.length > 65536) message = message.slice(0, 65536);
              consoleOpen = hostLog(level, message) === true;
            };
          }
          Object.defineProperty(G, 'console', {
            value: freeze({ log: logAt('log'), info: logAt('info'), warn: logAt('warn'), error: logAt('error'),
              debug: logAt('debug') }),
            writable: true, configurable: true, enumerable: false,
          });

          function callHost(kind, payload) {
            const envelope = parse(hostCall(kind, stringify(payload === undefined ? null : payload)));
            if (envelope.ok === true) return envelope.value;
            const failure = envelope.error;
            const e = new ErrorType(failure.message);
            e.code = failure.code;
            e.status = failure.status;
            if (failure.data !== undefined) e.data = failure.data;
            throw e;
          }

          function makeApi(selector, label) {
            function request(options) {
              if (options === null || typeof options !== 'object') {
                throw new TypeErrorType(label
                  + '.request(options) needs an object {method, path, query?, headers?, data?}');
              }
              const method = options.method === undefined ? 'GET' : toText(options.method).toUpperCase();
              const path = options.path;
              if (typeof path !== 'string') {
                throw new TypeErrorType(label + ': path must be a string, got ' + typeof path);
              }
              const body = { method: method, path: path };
              if (options.query !== undefined) body.query = options.query;
              if (options.headers !== undefined) body.headers = options.headers;
              if (options.data !== undefined) body.data = options.data;
              if (selector !== undefined) body.connection = selector;
              const response = callHost('apiRequest', body);
              const ok = response !== null && typeof response === 'object';
              if (ok && typeof response.status === 'number' && response.status >= 400) {
                const e = new ErrorType('Request failed with status ' + response.status + ': ' + method + ' ' + path);
                e.status = response.status;
                e.data = response.data;
                e.headers = response.headers;
                throw e;
              }
              return ok ? response.data : undefined;
            }
            return freeze({
              get: (path, query) => request({ method: 'GET', path: path, query: query }),
              delete: (path, query) => request({ method: 'DELETE', path: path, query: query }),
              post: (path, data) => request({ method: 'POST', path: path, data: data }),
              put: (path, data) => request({ method: 'PUT', path: path, data: data }),
              patch: (path, data) => request({ method: 'PATCH', path: path, data: data }),
              request: request,
            });
          }

          const api = makeApi(undefined, 'api');
          const membrane = freeze({
            act: (body) => {
              if (body === null || typeof body !== 'object') {
                throw new TypeErrorType('membrane.act(body) needs an object');
              }
              return callHost('act', body);
            },
            connections: freeze({ find: (query) => callHost('listConnections', query === undefined ? {} : query) }),
            connection: (selector) => {
              if (selector === undefined || selector === null) {
                throw new TypeErrorType('membrane.connection(selector) needs a connection id or selector');
              }
              return freeze({ proxy: makeApi(selector, 'membrane.connection(...).proxy') });
            },
          });

          function describe(error) {
            if (error !== null && typeof error === 'object' && typeof error.message === 'string') {
              const d = { name: error.name === undefined ? 'Error' : toText(error.name), message: error.message };
              if (typeof error.stack === 'string') d.stack = error.stack;
              if (typeof error.status === 'number') d.status = error.status;
              if (typeof error.code === 'string' || typeof error.code === 'number') d.code = error.code;
              return d;
            }
            return { name: 'Error', message: 'Uncaught ' + inspect(error, false) };
          }

          function fail(error) {
            let d;
            try {
              d = describe(error);
            } catch (e) {
              d = { name: 'Error', message: 'Uncaught exception that could not be described' };
            }
            settle('error', stringify(d));
          }

          function succeed(value) {
            let json;
            try {
              json = stringify(value);
            } catch (e) {
              fail(e);
              return;
            }
            if (json === undefined) json = 'null';
            // UTF-16 units never outnumber UTF-8 bytes, so this is a safe early cut before copying to the host.
            if (json.length > maxOutputChars) {
              settle('too-large', toText(json.length));
              return;
            }
            settle('ok', json);
          }

          return function run(factory, inputJson, connectionJson, integrationJson) {
            try {
              const module = { exports: {} };
              apply(factory, module.exports, [module, module.exports]);
              let exported = module.exports;
              if (typeof exported !== 'function' && exported !== null && typeof exported === 'object'
                  && typeof exported.default === 'function') {
                exported = exported.default;
              }
              const result = typeof exported !== 'function' ? exported : exported({
                input: parse(inputJson),
                connection: parse(connectionJson),
                integration: parse(integrationJson),
                api: api,
                membrane: membrane,
              });
              apply(promiseThen, promiseResolve(result), [succeed, fail]);
            } catch (e) {
              fail(e);
            }
          };
        })
        """, "actgate-sandbox.js").internal(true).cached(true).buildLiteral();

    private Bootstrap() {
    }
}
