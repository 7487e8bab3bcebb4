package dev.actgate.local.adversarial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately dumb HTTP/1.1 client over a plain socket: it sends exactly the request line, headers and bytes it is
 * given (raw paths, repeated headers, invalid UTF-8, no Content-Type...), which java.net.http would refuse or fix.
 * One connection per request ({@code Connection: close}).
 */
final class RawHttp {
    static final ObjectMapper JSON = new ObjectMapper();

    private RawHttp() {
    }

    /** A request exactly as it goes on the wire (minus Host, Connection and Content-Length, which are added). */
    record Request(String method, String target, List<String[]> headers, byte[] body) {
        Request {
            headers = headers == null ? List.of() : List.copyOf(headers);
        }

        static Request of(String method, String target) {
            return new Request(method, target, List.of(), null);
        }

        Request header(String name, String value) {
            List<String[]> h = new ArrayList<>(headers);
            h.add(new String[] {name, value});
            return new Request(method, target, h, body);
        }

        Request bearer(String token) {
            return token == null ? this : header("Authorization", "Bearer " + token);
        }

        Request json(String text) {
            return header("Content-Type", "application/json").body(text.getBytes(StandardCharsets.UTF_8));
        }

        Request json(Object value) {
            try {
                return header("Content-Type", "application/json").body(JSON.writeValueAsBytes(value));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        Request body(byte[] bytes) {
            return new Request(method, target, headers, bytes);
        }

        /** A short, copy-pasteable description for reports: method, path, headers, body (capped). */
        String describe(int maxBody) {
            StringBuilder b = new StringBuilder();
            b.append(method).append(' ').append(cap(target, 300));
            for (String[] h : headers) {
                String v = h[0].equalsIgnoreCase("authorization") ? redactToken(h[1]) : h[1];
                b.append(" | ").append(h[0]).append(": ").append(cap(printable(v), 200));
            }
            if (body != null) {
                b.append(" | body(").append(body.length).append(" B): ").append(cap(printable(new String(body, StandardCharsets.UTF_8)), maxBody));
            }
            return b.toString();
        }
    }

    record Response(int status, Map<String, String> headers, byte[] bytes, String failure, long millis) {
        String body() {
            return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return bytes == null || bytes.length == 0 ? JSON.missingNode() : JSON.readTree(bytes);
            } catch (IOException e) {
                return JSON.missingNode();
            }
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String describe(int maxBody) {
            if (failure != null) {
                return "no HTTP response (" + failure + ")";
            }
            return status + " " + cap(printable(body()), maxBody);
        }
    }

    static Response send(int port, Request request, int timeoutMillis) {
        long t0 = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(timeoutMillis);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes((request.method() + " " + request.target() + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
            head.writeBytes(("Host: 127.0.0.1:" + port + "\r\nConnection: close\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (String[] h : request.headers()) {
                head.writeBytes((h[0] + ": " + h[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            byte[] body = request.body();
            if (body != null) {
                head.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            head.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            out.write(head.toByteArray());
            if (body != null) {
                out.write(body);
            }
            out.flush();
            Response r = read(socket.getInputStream());
            return new Response(r.status(), r.headers(), r.bytes(), null, (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            return new Response(-1, Map.of(), null, e.getClass().getSimpleName() + ": " + e.getMessage(),
                (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static Response read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int headerEnd = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (headerEnd < 0) {
            throw new IOException("connection closed without a complete response (" + all.length + " bytes)");
        }
        String[] lines = new String(all, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                    (a, b) -> a + "," + b);
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(all, headerEnd + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, body, null, 0);
    }

    private static byte[] dechunk(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < data.length) {
            int lineEnd = indexOf(java.util.Arrays.copyOfRange(data, pos, data.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (lineEnd < 0) {
                throw new IOException("bad chunked encoding");
            }
            String sizeText = new String(data, pos, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            pos += lineEnd + 2;
            if (size == 0) {
                break;
            }
            out.write(data, pos, size);
            pos += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String cap(String s, int max) {
        if (s == null) {
            return "null";
        }
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;  // never split a surrogate pair
        return s.substring(0, end) + "…(" + s.length() + " chars)";
    }

    /** Control characters and non-ASCII shown as escapes, so reports stay on one line and copy-pasteable. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(4000).forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xfffd || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.SURROGATE) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    private static String redactToken(String value) {
        // Reports show the token's shape, not a usable credential: header.payload and the signature's length.
        String v = value;
        int space = v.indexOf(' ');
        String scheme = space > 0 ? v.substring(0, space + 1) : "";
        String token = space > 0 ? v.substring(space + 1) : v;
        String[] parts = token.split("\\.", -1);
        if (parts.length == 3 && token.length() > 40) {
            return scheme + parts[0] + "." + cap(parts[1], 120) + ".<sig " + parts[2].length() + " chars>";
        }
        return scheme + cap(token, 120);
    }
}
