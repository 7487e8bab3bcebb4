package dev.actgate.shared.storage;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.function.Function;

/** One page of a list: {@code { items, cursor? }}, the shape the official SDK pages through. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Page<T>(List<T> items, String cursor) {

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), cursor);
    }
}
