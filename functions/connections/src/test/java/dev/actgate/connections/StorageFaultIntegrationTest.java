package dev.actgate.connections;

import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestWorkspaces;
import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When DynamoDB cannot be reached even after the SDK's retries, callers get a clear 503 they may retry. */
class StorageFaultIntegrationTest {

    @Test
    void unreachableStorageIsA503WithRetryAfter() throws Exception {
        Workspace ws = TestWorkspaces.create();
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (FunctionHarness fn = FunctionHarness.start(Map.of("aws.services.dynamodb.endpoint-override", "http://127.0.0.1:" + deadPort))) {
            FunctionHarness.Response r = fn.request("GET", "/connections").bearer(TestWorkspaces.tenantToken(ws, "alice")).send();
            assertEquals(503, r.status(), r.toString());
            assertEquals("STORAGE_UNAVAILABLE", r.json().path("code").asText());
            assertEquals("1", r.headers().get("retry-after"));
        }
    }
}
