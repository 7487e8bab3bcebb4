package dev.actgate.act;

import dev.actgate.shared.runs.RunLogSettings;
import dev.actgate.shared.deployment.PublicUrlSettings;
import dev.actgate.shared.testing.FunctionHarness;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The act function's settings are bound from configuration (ActSettings, SandboxSettings, RetrySettings,
 * RunLogSettings, PublicUrlSettings) under the property names the template and the docs use, with the
 * documented defaults when nothing is set.
 */
class ActSettingsIntegrationTest {
    @Test
    void settingsBindFromTheDocumentedPropertiesAndDefaultOtherwise() {
        try (FunctionHarness set = FunctionHarness.start(Map.of("actgate.act.budget-ms", "12345", "actgate.act.max-upstream-calls", "7",
            "actgate.sandbox.timeout-ms", "2500", "actgate.sandbox.statement-limit", "99", "actgate.sandbox.max-output-bytes", "4096",
            "actgate.upstream.max-attempts", "6", "actgate.upstream.backoff-base-ms", "11", "actgate.upstream.backoff-cap-ms", "22",
            "actgate.run-logs.retention-days", "3", "actgate.public-url", "https://gw.example.test"))) {
            ActSettings act = set.context().getBean(ActSettings.class);
            assertEquals(12345, act.budgetMs());
            assertEquals(7, act.maxUpstreamCalls());
            SandboxSettings sandbox = set.context().getBean(SandboxSettings.class);
            assertEquals(2500, sandbox.timeoutMs());
            assertEquals(99, sandbox.statementLimit());
            assertEquals(4096, sandbox.maxOutputBytes());
            RetryPolicy retry = set.context().getBean(RetryPolicy.class);
            assertEquals(6, retry.maxAttempts);
            assertEquals(11, retry.baseMillis);
            assertEquals(22, retry.capMillis);
            assertEquals(3, set.context().getBean(RunLogSettings.class).getRetentionDays());
            assertEquals("https://gw.example.test", set.context().getBean(PublicUrlSettings.class).publicUrl());
        }
        try (FunctionHarness defaults = FunctionHarness.start()) {
            assertEquals(27_000, defaults.context().getBean(ActSettings.class).budgetMs());
            assertEquals(100, defaults.context().getBean(ActSettings.class).maxUpstreamCalls());
            assertEquals(10_000, defaults.context().getBean(SandboxSettings.class).timeoutMs());
            assertEquals(4, defaults.context().getBean(RetryPolicy.class).maxAttempts);
            assertEquals(30, defaults.context().getBean(RunLogSettings.class).getRetentionDays());
        }
    }
}
