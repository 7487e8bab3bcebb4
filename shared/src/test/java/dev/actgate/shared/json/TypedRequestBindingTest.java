package dev.actgate.shared.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.actgate.shared.errors.ApiException;
import dev.actgate.shared.errors.ErrorCode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.validation.validator.Validator;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a caller sees when a typed body does not bind: one VALIDATION_ERROR, every problem with its pointer. */
class TypedRequestBindingTest {
    @TypedRequest
    record Item(@NotBlank(message = "is required") String sku, @Nullable @Min(value = 1, message = "must be at least 1") Integer quantity) {
    }

    @TypedRequest
    record Order(@NotBlank(message = "is required") String name, @Nullable @Max(value = 10, message = "must be at most 10") Integer priority,
                 @Nullable Boolean urgent, @Nullable @Valid @Size(max = 3, message = "may hold at most 3 items") List<@Valid Item> items,
                 @Nullable @Valid Item main) {
    }

    @TypedRequest(strict = false)
    record Lenient(@Nullable String name) {
    }

    static final ObjectMapper TYPED = RequestBodyMapper.typedCopy(new ObjectMapper());
    static ApplicationContext context;

    @BeforeAll
    static void start() {
        context = ApplicationContext.builder().eagerInitSingletons(false).start();
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    static ApiException bindingError(String json, Class<?> type) {
        Exception e = assertThrows(Exception.class, () -> TYPED.readValue(json, type));
        ApiException api = BodyErrors.fromJackson(e);
        assertNotNull(api, "mapped: " + e);
        assertEquals(ErrorCode.VALIDATION_ERROR, api.code());
        return api;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, String>> violations(ApiException e) {
        return (List<Map<String, String>>) ((Map<String, Object>) e.data()).get("violations");
    }

    @Test
    void aWrongTypeIsNamedWithItsPointerEvenWhenNested() {
        ApiException e = bindingError("{\"name\":\"a\",\"items\":[{\"sku\":\"x\"},{\"sku\":\"y\",\"quantity\":\"two\"}]}", Order.class);
        assertEquals(List.of(Map.of("pointer", "/items/1/quantity", "message", "must be a whole number")), violations(e));
        assertEquals("items[1].quantity must be a whole number", e.getMessage());
    }

    @Test
    void noCoercion() {
        assertEquals("name must be a string", bindingError("{\"name\":5}", Order.class).getMessage());
        assertEquals("urgent must be true or false", bindingError("{\"name\":\"a\",\"urgent\":\"yes\"}", Order.class).getMessage());
        assertEquals("priority must be a whole number", bindingError("{\"name\":\"a\",\"priority\":1.5}", Order.class).getMessage());
        assertEquals("main must be a JSON object", bindingError("{\"name\":\"a\",\"main\":[]}", Order.class).getMessage());
        assertEquals("items must be an array", bindingError("{\"name\":\"a\",\"items\":{}}", Order.class).getMessage());
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertEquals("The body must be a JSON object", bindingError("[1,2]", Order.class).getMessage());
        // A one-field record is not built from a bare value (`true`, `"x"`) as if it were that field.
        for (String scalar : List.of("true", "\"x\"", "5", "[\"x\"]")) {
            assertEquals("The body must be a JSON object", bindingError(scalar, Lenient.class).getMessage(), scalar);
        }
    }

    @Test
    void everyUnknownFieldIsListedAtOnceWithItsPointer() {
        ApiException e = bindingError("{\"name\":\"a\",\"extra\":1,\"main\":{\"sku\":\"x\",\"colour\":{\"r\":1}},\"more\":[1]}", Order.class);
        // The outer object is read to the end before it is refused, so the nested record's field is refused first.
        assertEquals("Unknown field(s): main.colour", e.getMessage());
        e = bindingError("{\"name\":\"a\",\"extra\":1,\"more\":[1],\"main\":{\"sku\":\"x\"}}", Order.class);
        assertEquals("Unknown field(s): extra, more", e.getMessage());
        assertEquals(List.of("extra", "more"), ((Map<?, ?>) e.data()).get("unknownFields"));
        assertEquals(List.of(Map.of("pointer", "/extra", "message", "is not a field of this request"),
            Map.of("pointer", "/more", "message", "is not a field of this request")), violations(e));
    }

    @Test
    void aLenientRecordIgnoresUnknownFields() throws Exception {
        assertEquals("a", TYPED.readValue("{\"name\":\"a\",\"other\":{\"x\":[1]}}", Lenient.class).name());
    }

    @Test
    void nestingDeeperThanTheCapIsRefusedWithTheOldMessage() {
        String deep = "{\"name\":\"a\",\"other\":" + "[".repeat(70) + "]".repeat(70) + "}";
        assertEquals("The body is nested deeper than 64 levels", bindingError(deep, Lenient.class).getMessage());
        assertEquals("The body is nested deeper than 64 levels", bindingError(deep, Order.class).getMessage());
        String fits = "{\"name\":\"a\",\"other\":" + "[".repeat(60) + "]".repeat(60) + "}";
        assertEquals("a", assertDoesNotThrow(() -> TYPED.readValue(fits, Lenient.class)).name());
    }

    @Test
    void everyConstraintViolationIsListedWithItsPointer() throws Exception {
        Order o = TYPED.readValue("{\"name\":\" \",\"priority\":11,\"items\":[{\"sku\":\"x\"},{\"sku\":\"\",\"quantity\":0}],"
            + "\"main\":{\"sku\":\"\"}}", Order.class);
        var found = context.getBean(Validator.class).validate(o);
        ApiException e = BodyErrors.fromViolations(found);
        assertEquals(List.of(
            Map.of("pointer", "/items/1/quantity", "message", "must be at least 1"),
            Map.of("pointer", "/items/1/sku", "message", "is required"),
            Map.of("pointer", "/main/sku", "message", "is required"),
            Map.of("pointer", "/name", "message", "is required"),
            Map.of("pointer", "/priority", "message", "must be at most 10")), violations(e));
        assertTrue(e.getMessage().startsWith("items[1].quantity must be at least 1; items[1].sku is required; main.sku is required"),
            e.getMessage());
    }
}
