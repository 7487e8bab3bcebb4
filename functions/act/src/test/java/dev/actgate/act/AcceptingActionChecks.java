package dev.actgate.act;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actgate.shared.actions.ActionContentChecks;
import jakarta.inject.Singleton;

/**
 * Test-only: lets these tests write saved actions through the shared ActionService in the act function's context.
 * The act function has no write checks of its own (saved actions are written through the actions function, which
 * carries the JSON Schema and JavaScript checks); the fixtures written here are known to be valid.
 */
@Singleton
class AcceptingActionChecks implements ActionContentChecks {
    @Override
    public void checkSchema(JsonNode schema, String field) {
    }

    @Override
    public void checkJavaScript(String code, String field) {
    }
}
