package dev.actgate.connections;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.connections.ConnectScreenService;
import dev.actgate.shared.connections.ConnectionView;
import dev.actgate.shared.integrations.AuthSpec;
import jakarta.inject.Singleton;

/**
 * The connect screen's HTML. Small, dependency-free pages; the script speaks the penpal v6 child handshake the
 * official SDK's {@code ui.connect()} waits for (syn → synAck → ack, then calls {@code handshake},
 * {@code onSuccess(connection)}, {@code close}) so its promise resolves with the connection.
 */
@Singleton
public class ConnectPages {
    private final ObjectMapper json;

    public ConnectPages(ObjectMapper json) {
        this.json = json;
    }

    /** The penpal v6 child side, written from the protocol: resends SYN until the parent answers. */
    static final String BRIDGE = """
        const Bridge = (() => {
          const inFrame = window.parent !== window;
          let methods = null, origin = '*', seq = 0, ready = null;
          const pending = {};
          function connect() {
            if (!inFrame) return Promise.resolve(false);
            if (ready) return ready;
            ready = new Promise((resolve) => {
              let timer = null;
              window.addEventListener('message', (e) => {
                if (e.source !== window.parent || !e.data) return;
                const d = e.data;
                if (d.penpal === 'synAck' && methods === null) {
                  methods = d.methodNames || [];
                  origin = e.origin === 'null' ? '*' : e.origin;
                  window.parent.postMessage({ penpal: 'ack', methodNames: [] }, origin);
                  clearInterval(timer);
                  resolve(true);
                } else if (d.penpal === 'reply' && pending[d.id]) {
                  pending[d.id](d);
                  delete pending[d.id];
                }
              });
              const syn = () => window.parent.postMessage({ penpal: 'syn' }, '*');
              syn();
              timer = setInterval(syn, 250);
              setTimeout(() => { clearInterval(timer); resolve(methods !== null); }, 15000);
            });
            return ready;
          }
          async function call(name, ...args) {
            if (!(await connect()) || !methods.includes(name)) return undefined;
            const id = 'actgate-' + (++seq) + '-' + Math.random().toString(36).slice(2);
            return new Promise((resolve) => {
              pending[id] = resolve;
              window.parent.postMessage({ penpal: 'call', id, methodName: name, args }, origin);
              setTimeout(resolve, 3000);
            });
          }
          connect().then((ok) => ok && call('handshake'));
          return { inFrame, call,
            async success(connection) { await call('onSuccess', connection); await call('close'); },
            async close() { await call('close'); } };
        })();
        """;

    /** A connect link works once: drop its token from the address bar and history, so nothing keeps or resends it. */
    static final String FORGET_LINK = "if (new URLSearchParams(location.search).has('connectToken')) "
        + "history.replaceState(null, '', location.pathname);\n";

    private static final String STYLE = """
        body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;background:#f6f7f9;margin:0;color:#1d2330}
        main{max-width:420px;margin:48px auto;background:#fff;border-radius:12px;padding:28px;box-shadow:0 2px 12px #0001}
        h1{font-size:20px;margin:0 0 16px} label{display:block;margin:12px 0 4px;font-weight:600;font-size:14px}
        input{width:100%;box-sizing:border-box;padding:9px;border:1px solid #c9ced8;border-radius:8px;font-size:14px}
        .help{font-size:12px;color:#667;margin:4px 0 0} .error{background:#fdecec;color:#8a1c1c;padding:10px;border-radius:8px;margin:0 0 12px}
        .ok{background:#e8f6ee;color:#145c32;padding:10px;border-radius:8px}
        button{margin-top:18px;padding:10px 16px;border:0;border-radius:8px;background:#2c5bd7;color:#fff;font-size:14px;cursor:pointer}
        button.secondary{background:#e4e7ee;color:#1d2330;margin-left:8px}
        """;

    String form(String base, ConnectScreenService.Screen screen, String error) {
        StringBuilder fields = new StringBuilder();
        for (AuthSpec.Field f : screen.fields()) {
            fields.append("<label for=\"f-").append(esc(f.key())).append("\">").append(esc(f.label() == null ? f.key() : f.label()))
                .append("</label><input id=\"f-").append(esc(f.key())).append("\" name=\"").append(esc(f.key()))
                .append("\" type=\"").append(f.secret() ? "password" : "text").append("\" autocomplete=\"off\"")
                .append(f.required() ? " required" : "").append(">");
            if (f.help() != null) {
                fields.append("<p class=\"help\">").append(esc(f.help())).append("</p>");
            }
        }
        String title = (screen.reconnecting() != null ? "Reconnect " : "Connect ") + screen.appName();
        return page(title, (error == null ? "" : "<p class=\"error\" id=\"error\">" + esc(error) + "</p>")
            + "<form method=\"post\" action=\"" + esc(base) + "/screens/connect/submit\">"
            + "<input type=\"hidden\" name=\"session\" value=\"" + esc(screen.session()) + "\">" + fields
            + "<button type=\"submit\" id=\"connect\">Connect</button>"
            + "<button type=\"button\" class=\"secondary\" id=\"cancel\">Cancel</button></form>",
            "document.getElementById('cancel').onclick = () => Bridge.inFrame ? Bridge.close() : history.back();");
    }

    String oauth(String base, ConnectScreenService.Screen screen) {
        String start = base + "/screens/connect/oauth/start?session=" + dev.actgate.shared.upstream.PercentEncoding.form(screen.session());
        String script = """
            const start = %s;
            const result = document.getElementById('result');
            window.addEventListener('message', async (e) => {
              if (e.origin !== location.origin || !e.data || e.data.actgate !== 'connect-result') return;
              if (e.data.ok) { result.className = 'ok'; result.textContent = 'Connected.'; await Bridge.success(e.data.connection); }
              else { result.className = 'error'; result.textContent = e.data.error; }
            });
            document.getElementById('connect').onclick = () => {
              if (Bridge.inFrame) window.open(start, 'actgate-oauth', 'width=560,height=720');
              else location.href = start;
            };
            document.getElementById('cancel').onclick = () => Bridge.inFrame ? Bridge.close() : history.back();
            """.formatted(jsString(start));
        String title = (screen.reconnecting() != null ? "Reconnect " : "Connect ") + screen.appName();
        return page(title, "<p>You will sign in at " + esc(screen.appName()) + " and grant access.</p>"
            + "<p id=\"result\"></p><button type=\"button\" id=\"connect\">Continue to " + esc(screen.appName()) + "</button>"
            + "<button type=\"button\" class=\"secondary\" id=\"cancel\">Cancel</button>", script);
    }

    /** The end of a flow, in the iframe (form) or in the OAuth popup / same window (callback). */
    String result(ConnectScreenService.Result result) {
        String payload = json(result.connection());
        String redirect = result.redirectUri();
        String script = """
            const connection = %s, error = %s, redirect = %s;
            if (window.opener && window.opener !== window) {
              window.opener.postMessage({ actgate: 'connect-result', ok: !error, connection, error }, location.origin);
              setTimeout(() => window.close(), 300);
            } else if (Bridge.inFrame) {
              if (!error) Bridge.success(connection);
            } else if (redirect) {
              const u = new URL(redirect);
              u.searchParams.set('status', error ? 'error' : 'success');
              if (connection) u.searchParams.set('connectionId', connection.id);
              if (error) u.searchParams.set('error', error);
              location.replace(u.toString());
            }
            const close = document.getElementById('close');
            if (close) close.onclick = () => Bridge.inFrame ? Bridge.close() : window.close();
            """.formatted(payload, jsString(result.error()), jsString(redirect));
        String body = result.error() == null
            ? "<p class=\"ok\" id=\"done\">Connected" + (result.connection() != null && result.connection().name() != null
                ? " " + esc(result.connection().name()) : "") + ".</p>"
            : "<p class=\"error\" id=\"error\">" + esc(result.error()) + "</p><button type=\"button\" id=\"close\">Close</button>";
        return page(result.error() == null ? "Connected" : "Could not connect", body, script);
    }

    String error(String message) {
        return page("Could not connect", "<p class=\"error\" id=\"error\">" + esc(message) + "</p>"
            + "<button type=\"button\" id=\"close\">Close</button>",
            "document.getElementById('close').onclick = () => Bridge.inFrame ? Bridge.close() : window.close();");
    }

    private static String page(String title, String body, String script) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
            + "<title>" + esc(title) + "</title><style>" + STYLE + "</style></head><body><main><h1>" + esc(title) + "</h1>"
            + body + "</main><script>" + FORGET_LINK + BRIDGE + script + "</script></body></html>";
    }

    private String json(ConnectionView view) {
        try {
            return view == null ? "null" : json.writeValueAsString(view).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            return "null";
        }
    }

    static String jsString(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
