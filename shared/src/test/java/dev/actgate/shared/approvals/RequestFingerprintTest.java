package dev.actgate.shared.approvals;

import org.junit.jupiter.api.Test;

import static dev.actgate.shared.approvals.PolicyMatcherTest.j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RequestFingerprintTest {
    static GatedRequest req(String input, Integer revision, String connection, String door, String key) {
        return new GatedRequest("ws_1", "acme", "alice", door, "run_" + door, key, "act_1", "pay", "Pay", "api-request-to-external-app",
            revision, "int_1", "billing", null, connection, "c", j(input), null, null, null);
    }

    @Test
    void sameRequestSpelledDifferentlyIsTheSame() {
        assertEquals(RequestFingerprint.of(req("{'a':1,'b':{'x':[1,2],'y':2.50}}", 3, "conn_1", "act", "k1")),
            RequestFingerprint.of(req("{'b':{'y':2.5,'x':[1,2]},'a':1.0}", 3, "conn_1", "actions-run", "k2")),
            "key order, number spelling, door and retry key do not matter");
    }

    @Test
    void whatWouldRunChangesIt() {
        String base = RequestFingerprint.of(req("{'amount':10}", 3, "conn_1", "act", "k"));
        assertNotEquals(base, RequestFingerprint.of(req("{'amount':11}", 3, "conn_1", "act", "k")));
        assertNotEquals(base, RequestFingerprint.of(req("{'amount':10}", 4, "conn_1", "act", "k")), "another revision");
        assertNotEquals(base, RequestFingerprint.of(req("{'amount':10}", 3, "conn_2", "act", "k")), "another connection");
        assertNotEquals(base, RequestFingerprint.of(req("{'amount':[10]}", 3, "conn_1", "act", "k")));
    }
}
