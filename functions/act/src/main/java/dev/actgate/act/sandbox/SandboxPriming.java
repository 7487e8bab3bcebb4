package dev.actgate.act.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.actgate.shared.sam.PrimingStep;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Before a SnapStart snapshot: runs a trivial script through a {@link JsSandbox} of its own, so GraalJS's classes are
 * loaded and its language initialised in the snapshot. What remains for the first {@code code} run after a restore
 * is the act engine's own Engine and Context (scripts/bench-cold-start prints both figures).
 */
@Singleton
public final class SandboxPriming implements PrimingStep {
    static final String SCRIPT = "module.exports = async (input) => ({ sum: input.a + input.b, list: [1, 2, 3].map(x => x * 2) })";

    @Override
    public String name() {
        return "js-sandbox";
    }

    @Override
    public void prime() {
        try (JsSandbox sandbox = new JsSandbox()) {
            JsonNode input = JsonNodeFactory.instance.objectNode().put("a", 1).put("b", 2);
            sandbox.run(SCRIPT, input, JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(), new NoHostCalls("no host calls while priming"),
                new SandboxLimits(Duration.ofSeconds(30), 1_000_000L, 64 * 1024, 64L * 1024 * 1024));
        }
    }
}
