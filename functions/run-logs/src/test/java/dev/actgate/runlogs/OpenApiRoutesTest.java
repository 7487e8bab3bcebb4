package dev.actgate.runlogs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.testing.OpenApiContract;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** openapi.yaml and template.yaml describe the same API: every route is in both, both ways. */
class OpenApiRoutesTest {
    @Test
    void everyTemplateRouteIsAnOperationAndBack() {
        Set<String> template = OpenApiContract.templateRoutes();
        Set<String> spec = OpenApiContract.get().operations();
        Set<String> missingInSpec = new TreeSet<>(template);
        missingInSpec.removeAll(spec);
        Set<String> notInTemplate = new TreeSet<>(spec);
        notInTemplate.removeAll(template);
        assertEquals(Set.of(), missingInSpec, "routes of template.yaml with no operation in openapi.yaml");
        assertEquals(Set.of(), notInTemplate, "operations of openapi.yaml that template.yaml does not route");
    }

    @Test
    void theServedDocumentIsTheFileAsJsonAndOpenApi31() throws Exception {
        JsonNode served = new ObjectMapper().readTree(OpenApiController.load());
        assertEquals("3.1.0", served.path("openapi").asText());
        java.util.List<String> servedPaths = new java.util.ArrayList<>();
        served.path("paths").fieldNames().forEachRemaining(servedPaths::add);
        java.util.List<String> filePaths = new java.util.ArrayList<>();
        OpenApiContract.get().document().path("paths").fieldNames().forEachRemaining(filePaths::add);
        assertEquals(filePaths, servedPaths, "the served document has the file's paths");
        assertEquals(OpenApiContract.get().document().path("components").path("schemas").size(),
            served.path("components").path("schemas").size());
        assertTrue(served.path("components").path("schemas").has("Error"));
        // Every operation that can fail documents the one error shape.
        served.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            if (op.getValue().has("responses") && !p.getKey().startsWith("/console") && !p.getKey().equals("/openapi.json")) {
                assertTrue(op.getValue().path("responses").has("default"), op.getKey() + " " + p.getKey() + " has no default (error) response");
            }
        }));
    }
}
