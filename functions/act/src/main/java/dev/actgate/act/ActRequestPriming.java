package dev.actgate.act;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.actgate.shared.sam.PrimingStep;
import jakarta.inject.Singleton;

/**
 * Before a SnapStart snapshot: binds two {@code /act} bodies (a saved action by key, an inline api request), so the
 * typed mapper and Jackson's record deserializers — a few hundred classes, built on the first bind — are in the
 * snapshot. The priming requests cannot do it: they are refused by the token check before any body is read.
 */
@Singleton
final class ActRequestPriming implements PrimingStep {
    @Override
    public String name() {
        return "act-body";
    }

    @Override
    public void prime() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode byKey = f.objectNode().put("key", "priming").put("connectionKey", "priming");
        byKey.putObject("input").put("a", 1);
        ObjectNode api = f.objectNode().put("connectionKey", "priming");
        api.putObject("api").put("method", "GET").put("path", "/priming").putObject("query").put("q", "1");
        ActRequest.parse(byKey);
        ActRequest.parse(api);
    }
}
