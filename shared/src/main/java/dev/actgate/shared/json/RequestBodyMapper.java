package dev.actgate.shared.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.core.type.Argument;
import io.micronaut.jackson.databind.JacksonDatabindMapper;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.JsonStreamConfig;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;

/**
 * The {@link JsonMapper} Micronaut binds request bodies with. Bodies of {@link TypedRequest} records go through a
 * stricter copy of the application's ObjectMapper; everything else (the {@code JsonNode} bodies of /act, whose input
 * may legitimately nest 999 levels, and every response) goes through the application's mapper unchanged.
 */
public final class RequestBodyMapper implements JsonMapper {
    /** Deeper than this is refused in a typed body: it is never real data and would not fit a DynamoDB item. */
    public static final int MAX_DEPTH = 64;
    static final String UNKNOWN_FIELDS = RequestBodyMapper.class.getName() + ".unknown";

    private final JsonMapper plain;
    private final JsonMapper typed;

    RequestBodyMapper(ObjectMapper application) {
        this.plain = new JacksonDatabindMapper(application);
        this.typed = new JacksonDatabindMapper(typedCopy(application));
    }

    /** The copy typed bodies are read with: depth cap, no coercion, whole numbers only, unknown-field collection. */
    public static ObjectMapper typedCopy(ObjectMapper application) {
        ObjectMapper m = application.copy();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
        // Lenient records ignore undeclared fields; strict ones collect them (CollectUnknownFields) and fail at the end.
        m.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.coercionConfigFor(LogicalType.Textual)
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        SimpleModule strict = new SimpleModule("actgate-typed-requests");
        strict.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription bean, JsonDeserializer<?> d) {
                TypedRequest t = bean.getBeanClass().getAnnotation(TypedRequest.class);
                return t != null ? new StrictDeserializer(d, bean.getBeanClass(), t.strict()) : d;
            }
        });
        m.registerModule(strict);
        m.addHandler(new CollectUnknownFields());
        return m;
    }

    static boolean isTyped(Argument<?> type) {
        return type != null && type.getType().isAnnotationPresent(TypedRequest.class);
    }

    /** The fields of one strict object that it does not declare. */
    record Unknown(Class<?> type, List<String> fields) {
    }

    /** Records an undeclared field of the strict object being read instead of failing on the first one. */
    static final class CollectUnknownFields extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                             Object beanOrClass, String propertyName) throws IOException {
            Object current = ctxt.getAttribute(UNKNOWN_FIELDS);
            Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
            if (current instanceof Unknown u && u.type() == type) {
                u.fields().add(propertyName);
                p.skipChildren();
                return true;
            }
            return false;
        }
    }

    /**
     * Reads a typed record: refuses a body that is not an object; for a strict record, refuses it if any field was
     * undeclared, naming all of them; for a {@link SentNulls} record, hands it the fields sent as null.
     */
    static final class StrictDeserializer extends DelegatingDeserializer {
        private final Class<?> type;

        private final boolean strict;

        StrictDeserializer(JsonDeserializer<?> delegate, Class<?> type, boolean strict) {
            super(delegate);
            this.type = type;
            this.strict = strict;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new StrictDeserializer(newDelegatee, type, strict);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken at = p.currentToken();
            if (at != JsonToken.START_OBJECT && at != JsonToken.FIELD_NAME && at != JsonToken.END_OBJECT) {
                // A typed body is an object. Refuse a scalar or an array here: Jackson would otherwise hand it to a
                // one-field record's constructor as that field (`true` as a comment), which validation then chokes on.
                return ctxt.handleUnexpectedToken(type, p);
            }
            if (!strict) {
                return super.deserialize(p, ctxt);
            }
            Set<String> nulls = null;
            JsonParser in = p;
            if (SentNulls.class.isAssignableFrom(type) && p.currentToken() == JsonToken.START_OBJECT) {
                // Read the object once as a tree (still under the depth cap) to see which fields are null.
                com.fasterxml.jackson.databind.JsonNode tree = ctxt.readTree(p);
                nulls = new LinkedHashSet<>();
                for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = tree.fields(); it.hasNext(); ) {
                    Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = it.next();
                    if (e.getValue().isNull()) {
                        nulls.add(e.getKey());
                    }
                }
                in = tree.traverse(p.getCodec());
                in.nextToken();
            }
            Object outer = ctxt.getAttribute(UNKNOWN_FIELDS);
            Unknown mine = new Unknown(type, new ArrayList<>());
            ctxt.setAttribute(UNKNOWN_FIELDS, mine);
            Object value;
            try {
                value = super.deserialize(in, ctxt);
            } finally {
                ctxt.setAttribute(UNKNOWN_FIELDS, outer);
            }
            if (!mine.fields().isEmpty()) {
                throw new UnknownFieldsException(in, mine.fields());
            }
            return nulls == null ? value : ((SentNulls<?>) value).withSentNulls(Set.copyOf(nulls));
        }
    }

    /**
     * Thrown when a strict record met fields it does not declare. Jackson prepends the path to the record as the
     * exception leaves the enclosing objects and arrays, so {@link #getPath()} + a field is each one's pointer.
     */
    public static final class UnknownFieldsException extends MismatchedInputException {
        private final List<String> fields;

        UnknownFieldsException(JsonParser p, List<String> fields) {
            super(p, "Unknown field(s): " + String.join(", ", fields));
            this.fields = List.copyOf(fields);
        }

        public List<String> fields() {
            return fields;
        }
    }

    // ---- JsonMapper: typed bodies through the strict copy, everything else unchanged ----------------------------

    private JsonMapper pick(Argument<?> type) {
        return isTyped(type) ? typed : plain;
    }

    @Override
    public @NonNull JsonMapper createSpecific(@NonNull Argument<?> type) {
        return pick(type).createSpecific(type);
    }

    @Override
    public <T> T readValueFromTree(@NonNull JsonNode tree, @NonNull Argument<T> type) throws IOException {
        return pick(type).readValueFromTree(tree, type);
    }

    // An empty typed body is no body (null), as it was for the JsonNode bodies: the route decides whether that is
    // "all defaults" or BodyErrors.required's 400.

    @Override
    public <T> T readValue(@NonNull InputStream inputStream, @NonNull Argument<T> type) throws IOException {
        if (!isTyped(type)) {
            return plain.readValue(inputStream, type);
        }
        byte[] bytes = inputStream.readAllBytes();
        return readValue(bytes, type);
    }

    @Override
    public <T> T readValue(@NonNull byte[] byteArray, @NonNull Argument<T> type) throws IOException {
        if (isTyped(type) && new String(byteArray, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        return pick(type).readValue(byteArray, type);
    }

    @Override
    public <T> T readValue(@NonNull ByteBuffer<?> byteBuffer, @NonNull Argument<T> type) throws IOException {
        if (isTyped(type)) {
            return readValue(byteBuffer.toByteArray(), type);
        }
        return plain.readValue(byteBuffer, type);
    }

    @Override
    public <T> T readValue(@NonNull String string, @NonNull Argument<T> type) throws IOException {
        if (isTyped(type) && string.isBlank()) {
            return null;
        }
        return pick(type).readValue(string, type);
    }

    @Override
    public @NonNull JsonNode writeValueToTree(Object value) throws IOException {
        return plain.writeValueToTree(value);
    }

    @Override
    public <T> @NonNull JsonNode writeValueToTree(@NonNull Argument<T> type, T value) throws IOException {
        return plain.writeValueToTree(type, value);
    }

    @Override
    public void writeValue(@NonNull OutputStream outputStream, Object object) throws IOException {
        plain.writeValue(outputStream, object);
    }

    @Override
    public <T> void writeValue(@NonNull OutputStream outputStream, @NonNull Argument<T> type, T object) throws IOException {
        plain.writeValue(outputStream, type, object);
    }

    @Override
    public byte[] writeValueAsBytes(Object object) throws IOException {
        return plain.writeValueAsBytes(object);
    }

    @Override
    public <T> byte[] writeValueAsBytes(@NonNull Argument<T> type, T object) throws IOException {
        return plain.writeValueAsBytes(type, object);
    }

    @Override
    public void updateValueFromTree(Object value, @NonNull JsonNode tree) throws IOException {
        plain.updateValueFromTree(value, tree);
    }

    @Override
    public @NonNull JsonMapper cloneWithFeatures(@NonNull io.micronaut.json.JsonFeatures features) {
        return plain.cloneWithFeatures(features);
    }

    @Override
    public @NonNull JsonMapper cloneWithViewClass(@NonNull Class<?> viewClass) {
        return plain.cloneWithViewClass(viewClass);
    }

    @Override
    public @NonNull JsonStreamConfig getStreamConfig() {
        return plain.getStreamConfig();
    }

    @Override
    public @NonNull org.reactivestreams.Processor<byte[], JsonNode> createReactiveParser(
        @NonNull java.util.function.Consumer<org.reactivestreams.Processor<byte[], JsonNode>> onSubscribe, boolean streamArray) {
        return plain.createReactiveParser(onSubscribe, streamArray);
    }

    @Override
    public @NonNull java.util.Optional<io.micronaut.json.JsonFeatures> detectFeatures(
        @NonNull io.micronaut.core.annotation.AnnotationMetadata annotations) {
        return plain.detectFeatures(annotations);
    }

    /** Puts this mapper where Micronaut's own JacksonDatabindMapper bean was. */
    @Factory
    static class Beans {
        @Singleton
        @Primary
        @Replaces(JacksonDatabindMapper.class)
        JsonMapper requestBodyMapper(ObjectMapper application) {
            return new RequestBodyMapper(application);
        }
    }
}
