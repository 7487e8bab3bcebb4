package dev.actgate.shared.agents;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

/**
 * Renders tools in the formats agents consume: MCP's {@code Tool}, OpenAI Chat Completions
 * ({@code {type: function, function: {…}}}), OpenAI Responses (flat {@code {type: function, name, …}}) and
 * Anthropic Messages ({@code {name, description, input_schema}}). With {@code strict}, schemas are converted by
 * {@link StrictSchema}; a tool whose schema has no strict form is exported non-strict and named in
 * {@link Export#notStrict()} with the reason.
 */
public final class ToolFormats {
    public enum Format {
        MCP("mcp"), OPENAI_CHAT("openai-chat"), OPENAI_RESPONSES("openai-responses"), ANTHROPIC("anthropic");

        public final String wire;

        Format(String wire) {
            this.wire = wire;
        }

        public static Format of(String s) {
            if (s == null || s.isBlank()) {
                return MCP;
            }
            for (Format f : values()) {
                if (f.wire.equals(s.toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            return null;
        }
    }

    /** A list of tools in one format, and the tools that could not be made strict. */
    public record Export(ArrayNode tools, ArrayNode notStrict) {
    }

    private ToolFormats() {
    }

    /** The MCP {@code Tool} object (tools/list). */
    public static ObjectNode mcp(AgentTool t) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", t.name());
        if (t.title() != null) {
            o.put("title", t.title());
        }
        o.put("description", t.description());
        o.set("inputSchema", t.inputSchema());
        if (t.outputSchema() != null) {
            o.set("outputSchema", t.outputSchema());
        }
        ObjectNode a = o.putObject("annotations");
        if (t.title() != null) {
            a.put("title", t.title());
        }
        a.put("readOnlyHint", t.annotations().readOnly());
        if (!t.annotations().readOnly()) {
            a.put("destructiveHint", t.annotations().destructive());
        }
        a.put("idempotentHint", t.annotations().idempotent());
        a.put("openWorldHint", t.annotations().openWorld());
        if (t.target() != null) {
            ObjectNode meta = o.putObject("_meta");
            meta.put("dev.actgate/connectionKey", t.target().connectionKey());
            meta.put("dev.actgate/integrationKey", t.target().integrationKey());
            meta.put("dev.actgate/actionId", t.target().actionId());
            if (t.target().actionKey() != null) {
                meta.put("dev.actgate/actionKey", t.target().actionKey());
            }
        }
        return o;
    }

    public static Export export(List<AgentTool> tools, Format format, boolean strict) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        ArrayNode notStrict = JsonNodeFactory.instance.arrayNode();
        for (AgentTool t : tools) {
            ObjectNode schema = t.inputSchema();
            boolean isStrict = false;
            if (strict && format != Format.MCP) {
                try {
                    schema = StrictSchema.convert(t.inputSchema());
                    isStrict = true;
                } catch (StrictSchema.NotConvertible e) {
                    notStrict.addObject().put("name", t.name()).put("reason", e.getMessage());
                }
            }
            out.add(switch (format) {
                case MCP -> mcp(t);
                case OPENAI_CHAT -> {
                    ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", "function");
                    o.putObject("function").put("name", t.name()).put("description", t.description())
                        .<ObjectNode>set("parameters", schema).put("strict", isStrict);
                    yield o;
                }
                case OPENAI_RESPONSES -> JsonNodeFactory.instance.objectNode().put("type", "function").put("name", t.name())
                    .put("description", t.description()).<ObjectNode>set("parameters", schema)
                    // Responses treats a missing "strict" as true: say false when the schema is not strict.
                    .put("strict", isStrict);
                case ANTHROPIC -> {
                    ObjectNode o = JsonNodeFactory.instance.objectNode().put("name", t.name()).put("description", t.description());
                    o.set("input_schema", schema);
                    if (isStrict) {
                        o.put("strict", true);
                    }
                    yield o;
                }
            });
        }
        return new Export(out, notStrict);
    }
}
