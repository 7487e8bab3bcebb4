package dev.actgate.shared.upstream;

import dev.actgate.shared.egress.EgressDeniedException;
import dev.actgate.shared.egress.EgressPolicy;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.ContentLengthExceededException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.micronaut.http.client.netty.DefaultHttpClient;
import io.micronaut.http.client.netty.DefaultHttpClientBuilder;
import io.netty.resolver.AddressResolverGroup;
import java.lang.reflect.Method;
import io.micronaut.http.client.netty.NettyClientCustomizer;
import io.netty.bootstrap.Bootstrap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends requests to external apps through micronaut-http-client. One pooled client per timeout pair, created on
 * first use and kept for the life of the (warm) function, so connections to an app are reused between
 * invocations. Redirects are never followed here: the engine decides (only same-origin, under the base URL).
 *
 * <p>Every connection is opened through the {@link EgressPolicy} (a custom Netty address resolver, re-asserted on
 * each connect's bootstrap), so internal destinations are refused on the address actually dialled, before a byte
 * is sent. Failure messages are stable ("Could not connect to the external app"); the underlying exception goes to
 * the operator's log only, so callers cannot use actgate as a port scanner.
 */
@Singleton
@Requires(classes = io.micronaut.http.client.netty.DefaultHttpClient.class)
public class UpstreamClient implements AutoCloseable {
    /** Larger responses are refused: Lambda cannot return more than 6 MB anyway. */
    public static final int MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamClient.class);

    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final EgressPolicy egress;
    private final EgressAddressResolverGroup resolver;

    public UpstreamClient(EgressPolicy egress) {
        this.egress = egress;
        this.resolver = new EgressAddressResolverGroup(egress);
    }

    public EgressPolicy egress() {
        return egress;
    }

    public UpstreamResponse send(UpstreamRequest request, Duration connectTimeout, Duration readTimeout) {
        HttpClient client = clients.computeIfAbsent(connectTimeout.toMillis() + "/" + readTimeout.toMillis(), k -> {
            DefaultHttpClientConfiguration config = new DefaultHttpClientConfiguration();
            config.setConnectTimeout(connectTimeout);
            config.setReadTimeout(readTimeout);
            config.setFollowRedirects(false);
            config.setMaxContentLength(MAX_RESPONSE_BYTES);
            config.setExceptionOnErrorStatus(false);
            return create(config);
        });
        MutableHttpRequest<Object> http = HttpRequest.create(HttpMethod.parse(request.method()), request.url().toString());
        request.headers().forEach((name, values) -> values.forEach(v -> http.getHeaders().add(name, v)));
        if (request.body() != null && request.body().length > 0) {
            http.body(isForm(request) ? formFields(request.body()) : request.body());
        }
        long t0 = System.nanoTime();
        String clientKey = connectTimeout.toMillis() + "/" + readTimeout.toMillis();
        try {
            HttpResponse<byte[]> response = client.toBlocking().exchange(http, byte[].class);
            return toResponse(response, t0);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<byte[]> response = (HttpResponse<byte[]>) e.getResponse();
            return toResponse(response, t0);
        } catch (ReadTimeoutException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, "No response within " + readTimeout.toMillis() + " ms", elapsed(t0));
        } catch (ContentLengthExceededException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.TOO_LARGE, "Response larger than " + MAX_RESPONSE_BYTES + " bytes", elapsed(t0));
        } catch (RuntimeException e) {
            if (interrupted(e)) {
                abandon(clientKey, client);
                throw new UpstreamFailure(UpstreamFailure.Kind.BROKEN, "The call was interrupted at the run's deadline", elapsed(t0));
            }
            EgressDeniedException denied = denied(e);
            if (denied != null) {
                throw new UpstreamFailure(UpstreamFailure.Kind.DENIED, denied.getMessage(), elapsed(t0));
            }
            if (notSent(e)) {
                LOG.info("Could not connect to {}://{}:{}: {}", request.url().getScheme(), request.url().getHost(),
                    request.url().getPort(), describe(e));
                throw new UpstreamFailure(UpstreamFailure.Kind.NOT_SENT, "Could not connect to the external app", elapsed(t0));
            }
            LOG.info("Connection to {}://{}:{} broke: {}", request.url().getScheme(), request.url().getHost(),
                request.url().getPort(), describe(e));
            throw new UpstreamFailure(UpstreamFailure.Kind.BROKEN, "The connection broke before a complete response", elapsed(t0));
        }
    }

    /** Whether the blocking wait ended because the thread was interrupted (the sandbox watchdog, at a run's deadline). */
    private static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /**
     * An interrupted wait leaves the request in flight: the blocking client cancels its subscription but keeps the
     * connection (and could hand it out again). Closing that client closes its connections, so the upstream sees the
     * call end and nothing reuses it; the next request makes a new client. The interrupt itself is consumed here: the
     * run is over, and what runs after it (its run log) must not fail on a stale interrupt.
     * In a Lambda instance nothing else is in flight; in the local runtime other requests using the same client
     * may see their connection break (their calls are then reported as broken, like any connection failure).
     */
    private void abandon(String key, HttpClient client) {
        Thread.interrupted();
        clients.remove(key, client);
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.debug("Closing an abandoned HTTP client failed: {}", e.toString());
        }
    }

    /**
     * A Netty client whose every connect resolves through the egress policy. Micronaut 4 has the hooks we need (the
     * builder's address resolver group and the client customizer's {@code specializeForBootstrap}) but only
     * package-private on the builder of a client made outside a bean context, so they are set reflectively. If that
     * ever fails (a Micronaut upgrade), no client is made at all: nothing is ever sent without the policy.
     */
    private HttpClient create(DefaultHttpClientConfiguration config) {
        NettyClientCustomizer pinResolver = new NettyClientCustomizer() {
            @Override
            public NettyClientCustomizer specializeForBootstrap(Bootstrap bootstrap) {
                bootstrap.resolver(resolver);   // also when a proxy setting would have swapped in a no-op resolver
                return this;
            }
        };
        DefaultHttpClientBuilder builder = DefaultHttpClient.builder().configuration(config);
        try {
            Method group = DefaultHttpClientBuilder.class.getDeclaredMethod("resolverGroup", AddressResolverGroup.class);
            group.setAccessible(true);
            group.invoke(builder, resolver);
            Method customizer = DefaultHttpClientBuilder.class.getDeclaredMethod("clientCustomizer", NettyClientCustomizer.class);
            customizer.setAccessible(true);
            customizer.invoke(builder, pinResolver);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot install the egress policy in the HTTP client; refusing to create it", e);
        }
        return builder.build();
    }

    private static EgressDeniedException denied(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EgressDeniedException d) {
                return d;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static boolean isForm(UpstreamRequest request) {
        return request.headers().entrySet().stream().anyMatch(e -> e.getKey().equalsIgnoreCase("content-type")
            && !e.getValue().isEmpty() && e.getValue().get(0).toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"));
    }

    /** The client encodes form bodies itself from a map; hand it the already-built pairs in order. */
    private static Map<String, String> formFields(byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : new String(body, java.nio.charset.StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = PercentEncoding.decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : PercentEncoding.decode(pair.substring(eq + 1));
            fields.put(k, v);
        }
        return fields;
    }

    private static UpstreamResponse toResponse(HttpResponse<byte[]> response, long t0) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.getHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        byte[] body = response.getBody(byte[].class).orElse(new byte[0]);
        return new UpstreamResponse(response.code(), headers, body, elapsed(t0));
    }

    private static long elapsed(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static boolean notSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                || t.getClass().getName().equals("io.netty.channel.ConnectTimeoutException")
                || t.getClass().getName().endsWith("AnnotatedConnectException")) {
                return true;
            }
            String message = String.valueOf(t.getMessage());
            if (message.startsWith("Connect Error") || message.contains("Connection refused")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 200 ? m.substring(0, 200) : m));
    }

    @PreDestroy
    @Override
    public void close() {
        clients.values().forEach(HttpClient::close);
        clients.clear();
    }
}
