package dev.actgate.act;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.approvals.Approval;
import jakarta.inject.Singleton;

/**
 * The hosted approval page's HTML: the held request in plain words, and two buttons. No script at all; a form
 * posts the decision back to the same link. Readable at phone width (one column, large tap targets).
 */
@Singleton
public class ApprovalPage {
    private static final String STYLE = """
        *{box-sizing:border-box} body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;background:#f6f7f9;margin:0;color:#1d2330}
        main{max-width:560px;margin:24px auto;background:#fff;border-radius:12px;padding:20px;box-shadow:0 2px 12px #0001}
        @media (max-width:600px){main{margin:0;border-radius:0;min-height:100vh}}
        h1{font-size:20px;margin:0 0 12px} p{line-height:1.45;margin:8px 0} .muted{color:#667;font-size:13px}
        pre{background:#f1f3f7;border-radius:8px;padding:10px;overflow-x:auto;font-size:13px;white-space:pre-wrap;word-break:break-word}
        label{display:block;margin:12px 0 4px;font-weight:600;font-size:14px}
        input,textarea{width:100%;padding:10px;border:1px solid #c9ced8;border-radius:8px;font-size:16px;font-family:inherit}
        .buttons{display:flex;gap:10px;margin-top:16px;flex-wrap:wrap}
        button{flex:1 1 140px;min-height:48px;padding:12px 16px;border:0;border-radius:8px;font-size:16px;font-weight:600;cursor:pointer}
        .approve{background:#17803d;color:#fff} .deny{background:#b42318;color:#fff}
        .ok{background:#e8f6ee;color:#145c32;padding:12px;border-radius:8px} .error{background:#fdecec;color:#8a1c1c;padding:12px;border-radius:8px}
        """;

    private final ObjectMapper json;

    public ApprovalPage(ObjectMapper json) {
        this.json = json;
    }

    String review(Approval a, String token) {
        JsonNode r = a.request();
        StringBuilder b = new StringBuilder();
        b.append("<h1>Approve this action?</h1>");
        b.append("<p>").append(sentence(a)).append("</p>");
        JsonNode api = r.get("api");
        if (api != null) {
            b.append("<p>It sends <strong>").append(esc(api.path("method").asText())).append(' ')
                .append(esc(api.path("path").asText())).append("</strong> to the app").append(api.has("body") ? " with this body:" : ".")
                .append("</p>");
            if (api.has("body")) {
                b.append("<pre>").append(esc(pretty(api.get("body")))).append("</pre>");
            }
            if (api.has("query")) {
                b.append("<p class=\"muted\">Query:</p><pre>").append(esc(pretty(api.get("query")))).append("</pre>");
            }
        }
        if (r.has("input")) {
            b.append("<p>With this input:</p><pre>").append(esc(pretty(r.get("input")))).append("</pre>");
        }
        if (r.has("code")) {
            b.append("<p>It runs this code:</p><pre>").append(esc(r.get("code").asText())).append("</pre>");
        }
        b.append("<p class=\"muted\">Held by the rule <strong>").append(esc(a.policyName())).append("</strong>. Requested ")
            .append(esc(a.requestedAt().toString())).append("; this link expires ").append(esc(a.expiresAt().toString()))
            .append(" and works once. Approval ").append(esc(a.id())).append(".</p>");
        b.append("<form method=\"post\" action=\"").append(esc(a.id())).append("\">")
            .append("<input type=\"hidden\" name=\"token\" value=\"").append(esc(token)).append("\">")
            .append("<label for=\"name\">Your name (optional)</label><input id=\"name\" name=\"name\" maxlength=\"100\" autocomplete=\"name\">")
            .append("<label for=\"comment\">Comment (optional)</label><textarea id=\"comment\" name=\"comment\" rows=\"3\" maxlength=\"1000\"></textarea>")
            .append("<div class=\"buttons\"><button class=\"approve\" type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>")
            .append("<button class=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></div></form>");
        return page("Approve this action?", b.toString());
    }

    String decided(String status) {
        boolean approved = Approval.APPROVED.equals(status);
        return page(approved ? "Approved" : "Denied", "<h1>" + (approved ? "Approved" : "Denied") + "</h1><p class=\"ok\">"
            + (approved ? "Thank you. The action will run once, when the requester retries it."
                : "Thank you. The action will not run.") + "</p><p class=\"muted\">You can close this page.</p>");
    }

    String error(String message) {
        return page("Approval", "<h1>This link does not work</h1><p class=\"error\">" + esc(message) + "</p>");
    }

    private String sentence(Approval a) {
        JsonNode r = a.request();
        JsonNode action = r.path("action");
        String what;
        if (action.hasNonNull("key") || action.hasNonNull("name")) {
            String name = action.hasNonNull("name") ? action.get("name").asText() : action.path("key").asText();
            what = "the action <strong>" + esc(name) + "</strong>" + (action.hasNonNull("key") ? " (" + esc(action.get("key").asText())
                + (action.has("revision") ? ", revision " + action.get("revision").asInt() : "") + ")" : "");
        } else if ("code".equals(action.path("type").asText())) {
            what = "a piece of code";
        } else {
            what = "a direct request to the app";
        }
        String connection = r.path("connection").path("key").asText(r.path("connection").path("id").asText("?"));
        String integration = r.path("integration").path("key").asText("?");
        return "Tenant <strong>" + esc(a.tenantKey()) + "</strong> wants to run " + what + " through the connection <strong>"
            + esc(connection) + "</strong> (" + esc(integration) + ").";
    }

    private String pretty(JsonNode n) {
        try {
            String s = json.writerWithDefaultPrettyPrinter().writeValueAsString(n);
            return s.length() > 20_000 ? s.substring(0, 20_000) + "\n…" : s;
        } catch (JsonProcessingException e) {
            return String.valueOf(n);
        }
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">"
            + "<title>" + esc(title) + "</title><style>" + STYLE + "</style></head><body><main>" + body + "</main></body></html>";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
