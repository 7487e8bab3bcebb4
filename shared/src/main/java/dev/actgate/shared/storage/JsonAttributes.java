package dev.actgate.shared.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

import java.time.Instant;

/**
 * Nested values (metadata, schemas, small maps) are stored as JSON text attributes: the item schema stays flat,
 * static and cheap to build, and DynamoDB never needs to look inside them.
 */
@Singleton
public class JsonAttributes {
    private final ObjectMapper mapper;

    public JsonAttributes(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public <T> T read(String text, Class<T> type) {
        return read(text, mapper.constructType(type), "Stored JSON attribute is unreadable as " + type.getSimpleName());
    }

    public <T> T read(String text, TypeReference<T> type) {
        return read(text, mapper.constructType(type), "Stored JSON attribute is unreadable");
    }

    private <T> T read(String text, JavaType type, String unreadable) {
        if (text == null) {
            return null;
        }
        try {
            return mapper.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(unreadable, e);
        }
    }

    public static String instant(Instant i) {
        return i == null ? null : i.toString();
    }

    public static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
