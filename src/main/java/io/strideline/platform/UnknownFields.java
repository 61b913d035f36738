package io.strideline.platform;

import io.strideline.platform.ApiException.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;

/**
 * A field the client sent that the request does not have is refused (422 {@code
 * validation_failed}, one entry per unknown field), not silently dropped: a misspelt
 * {@code map_visibilty} must not store a default. Jackson would stop at the first unknown field;
 * the handler here notes each one and reading goes on, so the answer names all of them.
 *
 * <p>Only reads of what a client sent collect: request bodies ({@link UnknownFieldsAdvice}) and
 * batch items ({@link #refuse}). Everything else (stored JSON read back, say) still ignores fields
 * it does not know, so a column written by an older version stays readable. Bodies that keep
 * tolerance on purpose say {@code @JsonIgnoreProperties(ignoreUnknown = true)} and why.
 */
public final class UnknownFields {

    private static final ThreadLocal<@Nullable List<String>> SEEN = new ThreadLocal<>();

    private UnknownFields() {}

    /**
     * Runs one read and refuses it when the JSON had fields the target type does not: an {@link
     * ApiException} (422) whose errors name each, relative to the item that was read.
     */
    public static <T> T refuse(Supplier<T> read) {
        var outer = SEEN.get();
        var seen = new ArrayList<String>();
        SEEN.set(seen);
        T value;
        try {
            value = read.get();
        } finally {
            SEEN.set(outer);
        }
        throwIfAny(seen);
        return value;
    }

    static void startCollecting() {
        SEEN.set(new ArrayList<>());
    }

    /** Ends what {@link #startCollecting} began, and fails when a field was unknown. */
    static void stopCollecting() {
        var seen = SEEN.get();
        SEEN.remove();
        if (seen != null) {
            throwIfAny(seen);
        }
    }

    /**
     * Ends collecting after a body that could not be read at all (afterBodyRead is not called then),
     * so that a thread reused for another request never collects outside a body read.
     */
    static void discard() {
        SEEN.remove();
    }

    private static void throwIfAny(List<String> seen) {
        if (!seen.isEmpty()) {
            throw ApiException.invalid(seen.stream()
                    .map(field -> new FieldProblem(field, "is not a field of this request"))
                    .toList());
        }
    }

    /** Registered on the application's JSON mapper; silent outside a collecting read. */
    static final class Collector extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(
                DeserializationContext context,
                JsonParser parser,
                ValueDeserializer<?> deserializer,
                Object beanOrClass,
                String propertyName) {
            var seen = SEEN.get();
            if (seen == null) {
                return false;
            }
            seen.add(path(context, parser, propertyName));
            parser.skipChildren();
            return true;
        }

        /**
         * {@code runs[2].track.speed}: where the field is, in the notation of every other field error.
         * Records are read through their constructor, so Jackson buffers the fields it cannot place
         * and replays them from a token buffer once the object is read; that buffer's contexts do
         * not lead back to the document. The parser of the whole read does: it stands on the
         * record's closing brace (its context is then the record's parent), or inside the record
         * when the replay came early. UnknownFieldsTest pins the shapes.
         */
        private static String path(DeserializationContext context, JsonParser parser, String propertyName) {
            JsonParser document = context.getParser();
            TokenStreamContext ancestor;
            if (document != null && document != parser) {
                ancestor = document.streamReadContext();
                if (document.currentToken() != JsonToken.END_OBJECT && ancestor != null) {
                    ancestor = ancestor.getParent();
                }
            } else {
                TokenStreamContext container = parser.streamReadContext();
                // on an object or array value the parser has already entered it
                boolean entered = parser.currentToken() == JsonToken.START_OBJECT
                        || parser.currentToken() == JsonToken.START_ARRAY;
                if (entered && container.getParent() != null) {
                    container = container.getParent();
                }
                ancestor = container.getParent();
            }
            var segments = new ArrayList<String>();
            segments.add("." + propertyName);
            for (TokenStreamContext c = ancestor; c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inArray()) {
                    segments.add("[" + c.getCurrentIndex() + "]");
                } else if (c.currentName() != null) {
                    segments.add("." + c.currentName());
                }
            }
            var path = new StringBuilder();
            for (int i = segments.size() - 1; i >= 0; i--) {
                path.append(segments.get(i));
            }
            return path.substring(1);
        }
    }
}
