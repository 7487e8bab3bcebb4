package dev.actgate.shared.storage;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTag;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The table schema of a stored-form class whose public fields are its attributes, one attribute per field, named as
 * the field. Every repository's {@code Item} is such a flat class (nested values are JSON text, see
 * {@link JsonAttributes}), so the schema is read off the class instead of listing each field a second time. It is a
 * {@link StaticTableSchema} (no bean introspection or generated lambdas, which is what keeps cold starts short);
 * only the key attributes need naming, with their tags.
 */
public final class ItemSchema<I> {
    /** The attribute types a stored form may use: DynamoDB strings, numbers and booleans. */
    static final Set<Class<?>> SUPPORTED = Set.of(String.class, Integer.class, Long.class, Boolean.class);

    private final Class<I> type;
    private final Supplier<I> newItem;
    private final Map<String, StaticAttributeTag[]> tags = new LinkedHashMap<>();

    private ItemSchema(Class<I> type, Supplier<I> newItem) {
        this.type = type;
        this.newItem = newItem;
    }

    public static <I> ItemSchema<I> of(Class<I> type, Supplier<I> newItem) {
        return new ItemSchema<>(type, newItem);
    }

    /** Tags one attribute (partition or sort key of the table or of an index). */
    public ItemSchema<I> tag(String attribute, StaticAttributeTag... attributeTags) {
        tags.put(attribute, attributeTags);
        return this;
    }

    public TableSchema<I> build() {
        StaticTableSchema.Builder<I> schema = StaticTableSchema.builder(type).newItemSupplier(newItem);
        List<Field> fields = attributes(type);
        for (String tagged : tags.keySet()) {
            if (fields.stream().noneMatch(f -> f.getName().equals(tagged))) {
                throw new IllegalArgumentException(type.getName() + " has no attribute '" + tagged + "' to tag");
            }
        }
        for (Field field : fields) {
            add(schema, field, field.getType());
        }
        return schema.build();
    }

    private <T> void add(StaticTableSchema.Builder<I> schema, Field field, Class<T> valueType) {
        StaticAttributeTag[] attributeTags = tags.getOrDefault(field.getName(), new StaticAttributeTag[0]);
        schema.addAttribute(valueType, a -> a.name(field.getName())
            .getter(item -> valueType.cast(read(field, item)))
            .setter((item, value) -> write(field, item, value))
            .tags(attributeTags));
    }

    /** The public instance fields of the stored form, in declaration order; each must be of a supported type. */
    static List<Field> attributes(Class<?> type) {
        List<Field> out = new java.util.ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) || !Modifier.isPublic(modifiers)) {
                continue;
            }
            if (!SUPPORTED.contains(field.getType())) {
                throw new IllegalArgumentException(type.getName() + "." + field.getName() + " is a " + field.getType().getSimpleName()
                    + "; stored forms hold String, Integer, Long or Boolean (nested values as JSON text)");
            }
            if (Modifier.isFinal(modifiers)) {
                throw new IllegalArgumentException(type.getName() + "." + field.getName() + " is final; attributes are read and written");
            }
            out.add(field);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(type.getName() + " has no public fields to store");
        }
        return out;
    }

    private static Object read(Field field, Object item) {
        try {
            return field.get(item);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read " + field, e);
        }
    }

    private static void write(Field field, Object item, Object value) {
        try {
            field.set(item, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot write " + field, e);
        }
    }
}
