package dev.actgate.shared.approvals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.credentials.CredentialCipher;
import dev.actgate.shared.credentials.SecretBinding;
import dev.actgate.shared.storage.Ids;
import dev.actgate.shared.upstream.UpstreamClient;
import dev.actgate.shared.upstream.UpstreamRequest;
import dev.actgate.shared.upstream.UpstreamResponse;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends {@code approval.*} events to the workspace's webhook, signed (Standard Webhooks, {@link WebhookSignature}),
 * through the same {@link UpstreamClient} every upstream call uses (so the deployment's egress rules apply).
 * Delivery is off the request path: a small bounded pool, up to {@code webhookAttempts} attempts with exponential
 * full-jitter backoff, all within {@code webhookBudgetMs}; a full queue drops the event (logged) rather than slow
 * the gate. What Lambda implies (a frozen environment pauses delivery) is in docs/approvals.md.
 */
@Singleton
@Requires(classes = io.micronaut.http.client.netty.DefaultHttpClient.class)
public class WebhookNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    static final String NO_TENANT = "~workspace";
    static final String RECORD = "approval-webhook";

    private final ApprovalRepository repository;
    private final UpstreamClient client;
    private final CredentialCipher cipher;
    private final ObjectMapper json;
    private final ApprovalSettings settings;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(200), r -> {
        Thread t = new Thread(r, "approval-webhooks");
        t.setDaemon(true);
        return t;
    }, (task, executor) -> LOG.warn("Approval webhook queue is full; an event was dropped"));

    public WebhookNotifier(ApprovalRepository repository, UpstreamClient client, CredentialCipher cipher, ObjectMapper json,
                           ApprovalSettings settings) {
        this.repository = repository;
        this.client = client;
        this.cipher = cipher;
        this.json = json;
        this.settings = settings;
        pool.allowCoreThreadTimeOut(true);
    }

    public static SecretBinding binding(String workspaceId) {
        return new SecretBinding(workspaceId, NO_TENANT, RECORD);
    }

    /** Queues one event; returns at once. Nothing happens when the workspace has no webhook. */
    public void notify(String workspaceId, String type, Object data) {
        inFlight.incrementAndGet();
        try {
            pool.execute(() -> {
                try {
                    deliver(workspaceId, type, data);
                } catch (RuntimeException e) {
                    LOG.warn("Approval webhook {} for workspace {} failed: {}", type, workspaceId, e.toString());
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
        }
    }

    /** Events queued or being delivered (tests and the docs' Lambda note use it). */
    public int inFlight() {
        return inFlight.get();
    }

    void deliver(String workspaceId, String type, Object data) {
        ApprovalRepository.Webhook hook = repository.webhook(workspaceId).orElse(null);
        if (hook == null) {
            return;
        }
        String secret = new String(cipher.open(hook.secret(), binding(workspaceId)), StandardCharsets.UTF_8);
        String id = Ids.newId("msg");
        ObjectNode event = json.createObjectNode();
        event.put("id", id);
        event.put("type", type);
        event.put("timestamp", Instant.now().toString());
        event.set("data", json.valueToTree(data));
        String body = event.toString();
        long deadline = System.currentTimeMillis() + settings.webhookBudgetMs();
        Duration timeout = Duration.ofMillis(settings.webhookTimeoutMs());
        for (int attempt = 1; attempt <= Math.max(1, settings.webhookAttempts()); attempt++) {
            long timestamp = System.currentTimeMillis() / 1000;
            Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
            headers.put("Content-Type", List.of("application/json"));
            headers.put("User-Agent", List.of("actgate-webhooks"));
            WebhookSignature.headers(secret, id, timestamp, body).forEach((k, v) -> headers.put(k, List.of(v)));
            String outcome;
            try {
                UpstreamResponse r = client.send(new UpstreamRequest("POST", URI.create(hook.url()), headers,
                    body.getBytes(StandardCharsets.UTF_8)), timeout, timeout);
                if (r.status() >= 200 && r.status() < 300) {
                    return;
                }
                outcome = "HTTP " + r.status();
            } catch (RuntimeException e) {
                outcome = e.getClass().getSimpleName();
            }
            long backoff = settings.webhookBackoffMs() * (1L << Math.min(10, (attempt - 1) * 2));
            long wait = ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
            if (attempt == settings.webhookAttempts() || System.currentTimeMillis() + wait > deadline) {
                LOG.warn("Approval webhook {} {} not delivered after {} attempts (last: {})", type, id, attempt, outcome);
                return;
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    @PreDestroy
    public void close() {
        pool.shutdownNow();
    }
}
