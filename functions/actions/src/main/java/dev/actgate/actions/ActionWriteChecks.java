package dev.actgate.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import dev.actgate.shared.actions.ActionContentChecks;
import dev.actgate.shared.errors.ApiException;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The actions function's write-time checks: schemas against the JSON Schema 2020-12 meta-schema (networknt, the
 * validator the act function runs inputs through), code through {@link ClosureSyntax}. Remote {@code $ref}s are
 * never fetched: the factory has no URL loader, so a schema referring outside itself is refused (and no write can
 * make actgate call an arbitrary URL).
 */
@Singleton
public class ActionWriteChecks implements ActionContentChecks {
    static final String DRAFT_2020_12 = SchemaId.V202012;

    private volatile JsonSchemaFactory factory;
    private volatile JsonSchema metaSchema;

    @Override
    public void checkSchema(JsonNode schema, String field) {
        JsonNode declared = schema.get("$schema");
        if (declared != null && !(declared.isTextual() && stripHash(declared.asText()).equals(DRAFT_2020_12))) {
            throw ApiException.validation(field + ".$schema must be " + DRAFT_2020_12 + " (or left out): actgate validates "
                + "inputs with JSON Schema 2020-12");
        }
        Set<ValidationMessage> errors = meta().validate(schema);
        if (!errors.isEmpty()) {
            List<Map<String, String>> violations = errors.stream()
                .sorted(Comparator.comparing(m -> m.getInstanceLocation().toString()))
                .map(m -> Map.of("pointer", pointer(m), "message", m.getMessage()))
                .toList();
            throw ApiException.validation(field + " is not a valid JSON Schema (2020-12): "
                + String.join("; ", violations.stream().limit(5).map(v -> v.get("pointer") + " " + v.get("message")).toList()),
                Map.of("field", field, "violations", violations));
        }
        try {
            JsonSchema compiled = factory().getSchema(schema);
            compiled.initializeValidators();
        } catch (RuntimeException e) {
            throw ApiException.validation(field + " cannot be used as a JSON Schema: " + reason(e)
                + " (references must stay inside the schema, e.g. \"#/$defs/address\")");
        }
    }

    @Override
    public void checkJavaScript(String code, String field) {
        List<String> errors = ClosureSyntax.errors(code);
        if (!errors.isEmpty()) {
            throw ApiException.validation(field + " does not parse as JavaScript: " + String.join("; ", errors),
                Map.of("field", field, "syntaxErrors", errors));
        }
    }

    private JsonSchemaFactory factory() {
        JsonSchemaFactory f = factory;
        if (f == null) {
            f = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, b -> b
                .schemaLoaders(loaders -> loaders.add(new AllowSchemaLoader(iri -> iri.toString().startsWith("classpath:")))));
            factory = f;
        }
        return f;
    }

    private JsonSchema meta() {
        JsonSchema m = metaSchema;
        if (m == null) {
            m = factory().getSchema(SchemaLocation.of(DRAFT_2020_12));
            m.initializeValidators();
            metaSchema = m;
        }
        return m;
    }

    private static String stripHash(String s) {
        return s.endsWith("#") ? s.substring(0, s.length() - 1) : s;
    }

    private static String reason(RuntimeException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }

    static String pointer(ValidationMessage m) {
        StringBuilder sb = new StringBuilder();
        var path = m.getInstanceLocation();
        for (int i = 0; i < path.getNameCount(); i++) {
            sb.append('/').append(String.valueOf(path.getElement(i)).replace("~", "~0").replace("/", "~1"));
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }
}
