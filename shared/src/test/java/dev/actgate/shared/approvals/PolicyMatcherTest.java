package dev.actgate.shared.approvals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.errors.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyMatcherTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode j(String s) {
        try {
            return JSON.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static PolicyRule rule(String body) {
        // Bound and validated as the route does, so the constraints of PolicyRequest are part of what is tested.
        PolicyRequest r = dev.actgate.shared.json.TypedBodies.bind(body.replace('\'', '"'), PolicyRequest.class);
        return PolicyRules.parse(r, "pol_x", Instant.EPOCH, Instant.EPOCH);
    }

    static GatedRequest action(String key, String input) {
        return new GatedRequest("ws_1", "acme", "alice", "act", "run_1", null, "act_1", key, "Send", "api-request-to-external-app", 3,
            "int_1", "billing", "stripe", "conn_1", "billing-alice", input == null ? null : j(input), null, null, null);
    }

    static GatedRequest api(String method, String path, String body) {
        return new GatedRequest("ws_1", "acme", "alice", "act", "run_1", null, null, null, null, "api", null,
            "int_1", "billing", null, "conn_1", "billing-alice", null,
            j("{'method':'" + method + "','path':'" + path + "'" + (body == null ? "" : ",'body':" + body) + "}"), null, null);
    }

    static boolean matches(String ruleBody, GatedRequest r) {
        return PolicyMatcher.matches(rule(ruleBody).match(), r);
    }

    @Test
    void firstMatchWinsAndNoMatchIsEmpty() {
        PolicyRule block = rule("{'name':'no deletes','match':{'method':'DELETE'},'decision':'block'}");
        PolicyRule pay = rule("{'name':'payments','match':{'path':'/payments/**'},'decision':'require_approval'}");
        PolicyRule all = rule("{'name':'everything','match':{},'decision':'notify_only'}");
        assertEquals("no deletes", PolicyMatcher.firstMatch(List.of(block, pay, all), api("DELETE", "/payments/1", null)).get().name());
        assertEquals("payments", PolicyMatcher.firstMatch(List.of(block, pay, all), api("POST", "/payments", "{}")).get().name());
        assertEquals("everything", PolicyMatcher.firstMatch(List.of(block, pay, all), api("GET", "/users", null)).get().name());
        assertEquals(Optional.empty(), PolicyMatcher.firstMatch(List.of(block, pay), api("GET", "/users", null)));
        assertEquals(Optional.empty(), PolicyMatcher.firstMatch(List.of(), api("GET", "/users", null)));
    }

    @Test
    void actionFieldsAreExactAndAnyOf() {
        assertTrue(matches("{'name':'r','match':{'actionKey':['send-payment','refund']},'decision':'block'}", action("refund", null)));
        assertFalse(matches("{'name':'r','match':{'actionKey':'send-payment'},'decision':'block'}", action("refund", null)));
        assertTrue(matches("{'name':'r','match':{'actionKey':'refund','integrationKey':'billing','tenantKey':'alice',"
            + "'connectionKey':'billing-alice','connectorKey':'stripe','actionId':'act_1'},'decision':'block'}", action("refund", null)));
        assertFalse(matches("{'name':'r','match':{'actionKey':'refund','tenantKey':'bob'},'decision':'block'}", action("refund", null)),
            "every set field must fit");
        assertFalse(matches("{'name':'r','match':{'actionKey':'refund'},'decision':'block'}", api("POST", "/refund", null)),
            "an inline call has no action key");
        assertTrue(matches("{'name':'r','match':{'actionType':'api'},'decision':'block'}", api("GET", "/x", null)));
    }

    @Test
    void methodAndPathGlobs() {
        String r = "{'name':'r','match':{'method':['post','PUT'],'path':'/payments/*/capture'},'decision':'block'}";
        assertTrue(matches(r, api("POST", "/payments/pi_1/capture", null)));
        assertTrue(matches(r, api("PUT", "/payments/pi_1/capture?x=1", null)), "the query is not part of the path");
        assertFalse(matches(r, api("GET", "/payments/pi_1/capture", null)));
        assertFalse(matches(r, api("POST", "/payments/pi_1/x/capture", null)), "* is one segment");
        String deep = "{'name':'r','match':{'path':'/admin/**'},'decision':'block'}";
        assertTrue(matches(deep, api("GET", "/admin", null)));
        assertTrue(matches(deep, api("GET", "/admin/users/1/delete", null)));
        assertFalse(matches(deep, api("GET", "/administrator", null)));
        assertFalse(matches(deep, action("x", null)), "path rules only see inline api and proxy calls");
    }

    @Test
    void pathsAreComparedInNormalForm() {
        String r = "{'name':'r','match':{'path':'/payments'},'decision':'block'}";
        for (String p : List.of("/payments", "/Payments", "/pay%6dents", "//payments", "/payments/", "/PAY%6Dents//")) {
            assertTrue(matches(r, api("POST", p, null)), p);
        }
    }

    @Test
    void inputPredicates() {
        String big = "{'name':'r','match':{'input':[{'pointer':'/amount','op':'gt','value':1000}]},'decision':'require_approval'}";
        assertTrue(matches(big, action("pay", "{'amount':1000.5}")));
        assertTrue(matches(big, action("pay", "{'amount':'5000'}")), "a number sent as text is still a number");
        assertFalse(matches(big, action("pay", "{'amount':1000}")));
        assertFalse(matches(big, action("pay", "{'amount':'lots'}")));
        assertFalse(matches(big, action("pay", "{}")));
        assertTrue(matches(big, api("POST", "/payments", "{'amount':2500}")), "an inline call's body is its input");
        assertTrue(matches("{'name':'r','match':{'input':[{'pointer':'/currency','op':'in','value':['usd','eur']},"
            + "{'pointer':'/to/0','op':'exists'}]},'decision':'block'}", action("pay", "{'currency':'eur','to':['x']}")));
        assertFalse(matches("{'name':'r','match':{'input':[{'pointer':'/to/0','op':'exists'}]},'decision':'block'}",
            action("pay", "{'to':[]}")));
        assertTrue(matches("{'name':'r','match':{'input':[{'pointer':'/note','op':'contains','value':'URGENT'}]},'decision':'block'}",
            action("pay", "{'note':'this is urgent!'}")));
        assertTrue(matches("{'name':'r','match':{'input':[{'pointer':'/amount','op':'eq','value':10}]},'decision':'block'}",
            action("pay", "{'amount':10.0}")));
        assertTrue(matches("{'name':'r','match':{'input':[{'pointer':'/env','op':'ne','value':'test'}]},'decision':'block'}",
            action("pay", "{}")));
        assertTrue(matches("{'name':'r','match':{'input':[{'pointer':'/amount','op':'lte','value':'10'}]},'decision':'block'}",
            action("pay", "{'amount':9}")));
    }

    @Test
    void badRulesAreClear400s() {
        for (String bad : List.of("{'match':{},'decision':'block'}", "{'name':'r','decision':'block'}",
            "{'name':'r','match':{},'decision':'maybe'}", "{'name':'r','match':{'colour':'red'},'decision':'block'}",
            "{'name':'r','match':{'method':'FETCH'},'decision':'block'}", "{'name':'r','match':{'path':'payments'},'decision':'block'}",
            "{'name':'r','match':{'actionKey':5},'decision':'block'}", "{'name':'r','match':{'actionKey':[]},'decision':'block'}",
            "{'name':'r','match':{'input':{'pointer':'/a'}},'decision':'block'}",
            "{'name':'r','match':{'input':[{'pointer':'amount','op':'gt','value':1}]},'decision':'block'}",
            "{'name':'r','match':{'input':[{'pointer':'/a','op':'gt','value':'x'}]},'decision':'block'}",
            "{'name':'r','match':{'input':[{'pointer':'/a','op':'matches','value':'.*'}]},'decision':'block'}",
            "{'name':'r','match':{'input':[{'pointer':'/a','op':'in','value':1}]},'decision':'block'}",
            "{'name':'r','match':{},'decision':'block','expiresInMinutes':10}",
            "{'name':'r','match':{},'decision':'require_approval','expiresInMinutes':0}",
            "{'name':'r','match':{},'decision':'block','extra':1}", "[]")) {
            ApiException e = assertThrows(ApiException.class, () -> rule(bad), bad);
            assertEquals(400, e.code().status(), bad);
        }
    }

    @Test
    void decisionsRoundTripInLowerCase() throws Exception {
        PolicyRule r = rule("{'name':'r','match':{'actionKey':'a'},'decision':'REQUIRE_APPROVAL','expiresInMinutes':30}");
        String written = JSON.findAndRegisterModules().writeValueAsString(r);
        assertTrue(written.contains("\"decision\":\"require_approval\""), written);
        assertEquals(r.decision(), JSON.readValue(written, PolicyRule.class).decision());
    }
}
