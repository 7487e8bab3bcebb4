package dev.actgate.act.dialects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.actions.ActionView;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import dev.actgate.shared.runs.RunLog;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipedreamTranslationTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void theAppPropNamesTheConnectionAndTheOtherPropsAreInput() throws Exception {
        PipedreamTranslation.Run run = PipedreamTranslation.run(json("""
            {"id":"create-todo","version":"2.0.0","external_user_id":"alice",
             "configured_props":{"todos":{"authProvisionId":"conn_01jd0000000000000000000000"},"title":"Hi","n":3}}"""), n -> false);
        assertEquals("alice", run.externalUserId());
        assertEquals("create-todo", run.act().path("key").asText());
        assertEquals("conn_01jd0000000000000000000000", run.act().path("connectionId").asText());
        assertEquals("Hi", run.act().path("input").path("title").asText());
        assertEquals(3, run.act().path("input").path("n").asInt());
        assertFalse(run.act().path("input").has("todos"));
        assertEquals(2, run.act().path("version").asInt());
    }

    @Test
    void catalogActionsRunById() throws Exception {
        PipedreamTranslation.Run run = PipedreamTranslation.run(json("{\"id\":\"github-list-repos\",\"external_user_id\":\"u\"}"),
            n -> n.equals("github-list-repos"));
        assertEquals("github-list-repos", run.act().path("id").asText());
        assertFalse(run.act().has("key"));
        assertFalse(run.act().has("version"));
    }

    @Test
    void badRequestsAreValidationErrors() {
        assertEquals(ErrorCode.VALIDATION_ERROR, assertThrows(ApiException.class,
            () -> PipedreamTranslation.run(json("{\"id\":\"x\"}"), n -> false)).code(), "external_user_id missing");
        assertThrows(ApiException.class, () -> PipedreamTranslation.run(json("{\"external_user_id\":\"u\"}"), n -> false));
        assertThrows(ApiException.class, () -> PipedreamTranslation.run(json("""
            {"id":"x","external_user_id":"u","configured_props":{"a":{"authProvisionId":"one"},"b":{"authProvisionId":"two"}}}"""),
            n -> false), "two accounts");
        assertThrows(ApiException.class, () -> PipedreamTranslation.run(json("{\"id\":\"x\",\"external_user_id\":\"u\",\"nope\":1}"),
            n -> false), "unknown field");
    }

    @Test
    void everyProblemOfTheBodyIsListedAtOnceWithItsPointer() {
        ApiException missing = assertThrows(ApiException.class, () -> PipedreamTranslation.run(json("{\"id\":\" \"}"), n -> false));
        assertEquals("external_user_id is required; id is required", missing.getMessage());
        ApiException shapes = assertThrows(ApiException.class, () -> PipedreamTranslation.run(json("""
            {"id":"x","external_user_id":"u","version":2,"configured_props":{"a/b":{"authProvisionId":""}}}"""), n -> false));
        assertEquals("configured_props.a/b.authProvisionId must be an account id; version must be a string such as \"2.0.0\" "
            + "or \"latest\"", shapes.getMessage());
        assertEquals(List.of("/configured_props/a~1b/authProvisionId", "/version"), pointers(shapes));
        assertEquals("configured_props must be an object", assertThrows(ApiException.class, () -> PipedreamTranslation.run(
            json("{\"id\":\"x\",\"external_user_id\":\"u\",\"configured_props\":[]}"), n -> false)).getMessage());
        ApiException unknown = assertThrows(ApiException.class, () -> PipedreamTranslation.run(
            json("{\"id\":\"x\",\"external_user_id\":\"u\",\"nope\":1,\"zap\":2}"), n -> false));
        assertEquals("Unknown field(s): nope, zap", unknown.getMessage());
        assertEquals("id must be a string", assertThrows(ApiException.class, () -> PipedreamTranslation.run(
            json("{\"id\":5,\"external_user_id\":\"u\"}"), n -> false)).getMessage());
    }

    @Test
    void theFieldsPipedreamSendsAndActgateDoesNotUseAreAccepted() throws Exception {
        PipedreamTranslation.Run run = PipedreamTranslation.run(json("""
            {"id":"x","external_user_id":"u","dynamic_props_id":"dyp_1","stash_id":null,"version":null}"""), n -> true);
        assertEquals("x", run.act().path("id").asText());
        assertTrue(run.act().path("input").isEmpty());
    }

    @SuppressWarnings("unchecked")
    static List<String> pointers(ApiException e) {
        return ((List<Map<String, String>>) ((Map<String, Object>) e.data()).get("violations")).stream().map(v -> v.get("pointer")).toList();
    }

    @Test
    void successIsExportsOsRetWithConsoleLines() {
        JsonNode r = PipedreamTranslation.succeeded(JSON.valueToTree(Map.of("ok", true)), "run_1",
            List.of(new RunLog.ConsoleEntry("log", "hello", Instant.ofEpochMilli(5))));
        assertTrue(r.path("ret").path("ok").asBoolean());
        assertEquals("console.log", r.path("os").get(0).path("k").asText());
        assertEquals("hello", r.path("os").get(0).path("msg").asText());
        assertEquals(5, r.path("os").get(0).path("ts").asLong());
        assertEquals("run_1", r.path("exports").path("actionRunId").asText());
        assertTrue(r.has("stash_id"));
    }

    @Test
    void aFailedRunCarriesTheErrorWithAttributionAndIsNotA5xx() {
        ApiException upstream = new ApiException(ErrorCode.UPSTREAM_UNREACHABLE, "app down").withActionRunId("run_2");
        assertTrue(DialectRunner.answeredAsFailedRun(upstream), "502 becomes a 200 failed run");
        assertTrue(DialectRunner.answeredAsFailedRun(new ApiException(ErrorCode.INTERNAL_ERROR, "x")));
        assertFalse(DialectRunner.answeredAsFailedRun(ApiException.validation("bad input")), "caller errors keep their 4xx");
        JsonNode r = PipedreamTranslation.failed(upstream, List.of());
        JsonNode last = r.path("os").get(r.path("os").size() - 1);
        assertEquals("error", last.path("k").asText());
        assertEquals("UPSTREAM_UNREACHABLE", last.path("err").path("name").asText());
        assertEquals("external_app", r.path("error").path("attribution").asText());
        assertEquals("run_2", r.path("error").path("actionRunId").asText());
        assertTrue(r.path("ret").isNull());
    }

    @Test
    void componentsDeriveConfigurablePropsFromTheInputSchema() throws Exception {
        JsonNode schema = json("""
            {"type":"object","required":["title"],"properties":{"title":{"type":"string","description":"T"},
             "tags":{"type":"array","items":{"type":"string"}},"count":{"type":"integer","default":1},
             "mode":{"type":"string","enum":["a","b"]}}}""");
        ActionView v = new ActionView("act_1", "create-todo", "Create a to-do", "d", "api-request-to-external-app", "READY", "integration",
            "int_1", "todos", null, null, null, null, null, null, schema, null, null, null, 4, null, null, null, null);
        JsonNode c = PipedreamTranslation.component(v);
        assertEquals("create-todo", c.path("key").asText());
        assertEquals("4.0.0", c.path("version").asText());
        JsonNode props = c.path("configurable_props");
        assertEquals("app", props.get(0).path("type").asText());
        assertEquals("todos", props.get(0).path("app").asText());
        assertEquals("title", props.get(1).path("name").asText());
        assertFalse(props.get(1).has("optional"));
        assertEquals("string[]", props.get(2).path("type").asText());
        assertTrue(props.get(2).path("optional").asBoolean());
        assertEquals("integer", props.get(3).path("type").asText());
        assertEquals(2, props.get(4).path("options").size());
    }

    @Test
    void pagesAlwaysCarryPageInfo() {
        JsonNode last = PipedreamTranslation.page(List.of(), null, 0);
        assertTrue(last.has("page_info"));
        assertTrue(last.path("page_info").path("end_cursor").isNull());
        assertEquals("c1", PipedreamTranslation.page(List.of(), "c1", 3).path("page_info").path("end_cursor").asText());
    }
}
