package dev.actgate.shared.storage;

import dev.actgate.shared.agents.McpSettings;
import dev.actgate.shared.apikeys.ApiCredentialSettings;
import dev.actgate.shared.approvals.ApprovalSettings;
import dev.actgate.shared.deployment.PublicUrlSettings;
import dev.actgate.shared.idempotency.IdempotencySettings;
import dev.actgate.shared.observability.ObservabilitySettings;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The settings that were {@code @Value}s are {@code @ConfigurationProperties} under the same names: the defaults hold
 * when nothing is set, and the environment variables template.yaml and local/sam/env.json set still reach them (an
 * application context only: nothing is called).
 */
class SettingsBindingTest {
    static ApplicationContext context(Map<String, Object> environment) {
        return ApplicationContext.builder()
            .propertySources(PropertySource.of("env", environment, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
            .start();
    }

    @Test
    void theDefaultsHoldWhenNothingIsSet() {
        try (ApplicationContext c = context(Map.of())) {
            assertEquals(new TableNames("actgate-workspaces", "actgate-integrations", "actgate-connections", "actgate-actions",
                "actgate-run-logs", "actgate-idempotency", "actgate-api-credentials", "actgate-approvals"), c.getBean(TableNames.class));
            assertEquals("", c.getBean(DynamoDbSettings.class).override(), "no endpoint override: AWS's own");
            assertEquals(new IdempotencySettings(24, 60), c.getBean(IdempotencySettings.class));
            assertNull(c.getBean(PublicUrlSettings.class).publicUrl());
            assertFalse(c.getBean(McpSettings.class).isConformanceFixtures());
            assertEquals(new ObservabilitySettings(false, false, "actgate"), c.getBean(ObservabilitySettings.class));
            assertEquals(new ReadCacheSettings(true, Duration.ofSeconds(5), 10_000), c.getBean(ReadCacheSettings.class));
            assertTrue(c.getBean(ReadCacheSettings.class).active());
            assertEquals(new ApiCredentialSettings(3600, 60), c.getBean(ApiCredentialSettings.class));
            assertEquals(new ApiCredentialSettings(), c.getBean(ApiCredentialSettings.class), "the no-argument defaults are the bound ones");
            assertEquals(new ApprovalSettings(24 * 60, 7, 2000, 4, 500, 20_000, 5000), c.getBean(ApprovalSettings.class));
        }
    }

    @Test
    void theEnvironmentVariablesOfTheTemplateReachTheSettings() {
        try (ApplicationContext c = context(Map.of(
            "ACTGATE_TABLES_WORKSPACES", "stack-workspaces", "ACTGATE_TABLES_INTEGRATIONS", "stack-integrations",
            "ACTGATE_TABLES_CONNECTIONS", "stack-connections", "ACTGATE_TABLES_ACTIONS", "stack-actions",
            "ACTGATE_TABLES_RUN_LOGS", "stack-run-logs", "ACTGATE_TABLES_IDEMPOTENCY", "stack-idempotency",
            "ACTGATE_TABLES_API_CREDENTIALS", "stack-api-credentials", "ACTGATE_TABLES_APPROVALS", "stack-approvals",
            "ACTGATE_DYNAMODB_ENDPOINT", " http://127.0.0.1:8000 ", "ACTGATE_PUBLIC_URL", "https://api.example.com"))) {
            assertEquals(new TableNames("stack-workspaces", "stack-integrations", "stack-connections", "stack-actions",
                "stack-run-logs", "stack-idempotency", "stack-api-credentials", "stack-approvals"), c.getBean(TableNames.class));
            assertEquals("http://127.0.0.1:8000", c.getBean(DynamoDbSettings.class).override());
            assertEquals("https://api.example.com", c.getBean(PublicUrlSettings.class).publicUrl());
        }
        try (ApplicationContext c = context(Map.of("ACTGATE_OBSERVABILITY_REQUEST_LOG", "true", "ACTGATE_OBSERVABILITY_METRICS", "true"))) {
            assertEquals(new ObservabilitySettings(true, true, "actgate"), c.getBean(ObservabilitySettings.class));
        }
    }

    @Test
    void propertiesBindUnderTheirOldNames() {
        try (ApplicationContext c = ApplicationContext.builder().properties(Map.of(
            "actgate.idempotency.retention-hours", "2", "actgate.idempotency.in-progress-seconds", "5",
            "actgate.mcp.conformance-fixtures", "true", "actgate.tables.run-logs", "other-run-logs",
            "actgate.cache.ttl", "0s", "actgate.cache.max-entries", "7", "actgate.observability.metrics-namespace", "ns",
            "actgate.api-credentials.access-token-ttl-seconds", "120", "actgate.approvals.webhook-attempts", "2",
            "actgate.approvals.policy-cache-ms", "0")).start()) {
            assertEquals(new IdempotencySettings(2, 5), c.getBean(IdempotencySettings.class));
            assertTrue(c.getBean(McpSettings.class).isConformanceFixtures());
            assertEquals("other-run-logs", c.getBean(TableNames.class).runLogs());
            assertEquals("actgate-actions", c.getBean(TableNames.class).actions(), "the others keep their defaults");
            assertEquals(new ReadCacheSettings(true, Duration.ZERO, 7), c.getBean(ReadCacheSettings.class));
            assertFalse(c.getBean(ReadCacheSettings.class).active(), "ttl zero turns the cache off");
            assertEquals("ns", c.getBean(ObservabilitySettings.class).metricsNamespace());
            assertEquals(new ApiCredentialSettings(120, 60), c.getBean(ApiCredentialSettings.class));
            assertEquals(new ApprovalSettings(24 * 60, 7, 0, 2, 500, 20_000, 5000), c.getBean(ApprovalSettings.class));
        }
    }
}
