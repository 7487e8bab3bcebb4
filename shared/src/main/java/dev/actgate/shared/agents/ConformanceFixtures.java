package dev.actgate.shared.agents;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fixed-answer tools the official MCP conformance suite calls by name ({@code test_simple_text},
 * {@code test_error_handling}, image, audio, embedded resource, mixed content). They are not actions and never run
 * anything; they exist only so that the suite can check how actgate's MCP endpoint carries each content type.
 *
 * <p>Test mode only: on when {@code actgate.mcp.conformance-fixtures=true} <b>and</b> the process is not a Lambda
 * function. Lambda always sets {@code AWS_LAMBDA_FUNCTION_NAME} (a reserved variable a template cannot remove), so a
 * deployment cannot turn the fixtures on, whatever its configuration says.
 */
@Singleton
public class ConformanceFixtures {
    private static final Logger LOG = LoggerFactory.getLogger(ConformanceFixtures.class);
    static final String PNG_1X1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";
    static final String WAV_TINY = "UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==";

    private final boolean enabled;

    @Inject
    public ConformanceFixtures(McpSettings settings) {
        this(settings.isConformanceFixtures(), System.getenv());
    }

    ConformanceFixtures(boolean requested, Map<String, String> env) {
        boolean inLambda = env.containsKey("AWS_LAMBDA_FUNCTION_NAME") || env.containsKey("AWS_LAMBDA_RUNTIME_API");
        this.enabled = requested && !inLambda;
        if (requested && inLambda) {
            LOG.warn("actgate.mcp.conformance-fixtures is ignored inside AWS Lambda: the fixtures exist only in tests");
        } else if (enabled) {
            LOG.warn("MCP conformance fixture tools are ON (test mode): every tenant's tool list includes test_* tools");
        }
    }

    public boolean enabled() {
        return enabled;
    }

    public List<AgentTool> tools() {
        return List.of(
            tool("test_simple_text", "Returns a fixed text (conformance fixture)"),
            tool("test_error_handling", "Always fails with isError (conformance fixture)"),
            tool("test_image_content", "Returns a 1x1 PNG (conformance fixture)"),
            tool("test_audio_content", "Returns a short WAV (conformance fixture)"),
            tool("test_embedded_resource", "Returns an embedded text resource (conformance fixture)"),
            tool("test_multiple_content_types", "Returns text, image and resource content (conformance fixture)"));
    }

    private static AgentTool tool(String name, String description) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object").put("additionalProperties", false);
        return new AgentTool(name, "fixture:" + name, null, description, schema, null, AgentTool.Annotations.META_READ,
            AgentTool.Kind.FIXTURE, null, false);
    }

    public Optional<ObjectNode> call(String name) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        ArrayNode content = r.putArray("content");
        switch (name) {
            case "test_simple_text" -> content.addObject().put("type", "text").put("text", "This is a simple text response for testing.");
            case "test_error_handling" -> {
                content.addObject().put("type", "text").put("text", "This tool intentionally returns an error for testing");
                r.put("isError", true);
            }
            case "test_image_content" -> content.addObject().put("type", "image").put("data", PNG_1X1).put("mimeType", "image/png");
            case "test_audio_content" -> content.addObject().put("type", "audio").put("data", WAV_TINY).put("mimeType", "audio/wav");
            case "test_embedded_resource" -> content.add(resource());
            case "test_multiple_content_types" -> {
                content.addObject().put("type", "text").put("text", "Multiple content types test:");
                content.addObject().put("type", "image").put("data", PNG_1X1).put("mimeType", "image/png");
                content.add(resource());
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(r);
    }

    private static ObjectNode resource() {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", "resource");
        o.putObject("resource").put("uri", "test://embedded-resource").put("mimeType", "text/plain")
            .put("text", "This is an embedded resource content.");
        return o;
    }
}
