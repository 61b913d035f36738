package io.strideline.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.core.util.AnnotationsUtils;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The items of a partially accepted batch (readings, runs, sync events, step days) are parsed one
 * by one: one that breaks a rule is rejected alone and the batch still answers 200 listing it. A
 * value rule of such an item as a schema keyword (pattern, format, minimum, required…) would make
 * that 200 request invalid against the document, and a validating proxy (Prism) reports it. So
 * the item schemas keep only the shape clients are generated from (properties, JSON types and
 * numeric widths) and say their rules in their description, derived here from the very keywords
 * they lose, so that nothing said by an annotation is lost or restated by hand.
 *
 * <p>A batch is found from the document: a JSON body whose 2xx answer has a {@code rejected}
 * count; its array properties hold the items. A schema an item uses that is also used whole
 * (RunUpload by POST /device/runs, SyncReport by POST /device/sync-events, Track by manual
 * activities), where a broken rule is a 422 of the whole request, keeps its keywords there: the
 * batch gets a copy named {@code <Name>InBatch}.
 */
final class BatchItemSchemas {

    static final String SUFFIX = "InBatch";
    private static final String SCHEMAS = "#/components/schemas/";

    /** Formats that say a number's width, which generated clients type by; not a rule on the value. */
    private static final Set<String> WIDTHS = Set.of("int32", "int64", "float", "double");

    private BatchItemSchemas() {}

    static void apply(OpenAPI openApi) {
        @SuppressWarnings("rawtypes")
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        JsonNode document = Json31.mapper().valueToTree(openApi);
        Map<String, List<String>> batches = batchBodies(document);
        if (batches.isEmpty()) {
            return;
        }
        // what the items use, and which of that is also used whole somewhere else
        var itemRoots = new LinkedHashSet<String>();
        batches.forEach((body, properties) -> properties.forEach(
                p -> itemRoots.add(name(document.at("/components/schemas/" + body + "/properties/" + p + "/items/$ref"))
                        .orElseThrow())));
        Set<String> inItems = reachable(document, itemRoots, Map.of());
        var usedWhole = new LinkedHashSet<String>();
        var outside = document.deepCopy();
        ((ObjectNode) outside.path("components")).remove("schemas");
        refs(outside, usedWhole::add);
        Set<String> whole = reachable(document, usedWhole, batches);

        var renamed = new LinkedHashMap<String, String>();
        inItems.forEach(n -> renamed.put(n, whole.contains(n) ? n + SUFFIX : n));
        for (String name : inItems) {
            Schema<?> original = Objects.requireNonNull(schemas.get(name), name);
            Schema<?> item =
                    whole.contains(name) ? Objects.requireNonNull(AnnotationsUtils.clone(original, true)) : original;
            var rules = new ArrayList<String>();
            loosen(item, "", rules, renamed);
            if (!rules.isEmpty()) {
                item.setDescription(Objects.requireNonNullElse(item.getDescription(), "")
                        + " Checked for each item on its own (an item that breaks a rule is rejected alone, "
                        + "listed in the answer with each problem; the others are stored): "
                        + String.join("; ", rules) + ".");
            }
            if (!name.equals(renamed.get(name))) {
                if (schemas.containsKey(renamed.get(name))) {
                    throw new IllegalStateException("schema name " + renamed.get(name) + " is taken");
                }
                schemas.put(renamed.get(name), item);
            }
        }
        batches.forEach((body, properties) -> properties.forEach(p -> {
            Schema<?> array = (Schema<?>) Objects.requireNonNull(schemas.get(body), body)
                    .getProperties()
                    .get(p);
            Schema<?> items =
                    Objects.requireNonNull(Objects.requireNonNull(array, p).getItems(), p);
            items.set$ref(SCHEMAS + renamed.get(name(items.get$ref())));
        }));
    }

    /** Body schema name to its array properties, for each JSON body whose 2xx answer counts {@code rejected}. */
    private static Map<String, List<String>> batchBodies(JsonNode document) {
        var batches = new LinkedHashMap<String, List<String>>();
        JsonNode schemas = document.at("/components/schemas");
        document.path("paths")
                .forEach(item -> item.forEach(operation -> {
                    String body = name(operation.at("/requestBody/content/application~1json/schema/$ref"))
                            .orElse(null);
                    boolean countsRejected = false;
                    for (var response : operation.path("responses").properties()) {
                        String answer = name(response.getValue().at("/content/application~1json/schema/$ref"))
                                .orElse("");
                        countsRejected |= response.getKey().startsWith("2")
                                && schemas.path(answer).path("properties").has("rejected");
                    }
                    if (body == null || !countsRejected) {
                        return;
                    }
                    var arrays = new ArrayList<String>();
                    schemas.path(body).path("properties").properties().forEach(p -> {
                        if (p.getValue().at("/items/$ref").isTextual()) {
                            arrays.add(p.getKey());
                        }
                    });
                    batches.put(body, arrays);
                }));
        return batches;
    }

    /** Schemas reachable from {@code roots}, not through the items of {@code skipped} batch bodies. */
    static Set<String> reachable(JsonNode document, Set<String> roots, Map<String, List<String>> skipped) {
        var seen = new LinkedHashSet<String>();
        var todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            JsonNode schema = document.at("/components/schemas/" + name).deepCopy();
            for (String p : skipped.getOrDefault(name, List.of())) {
                ((ObjectNode) schema.path("properties")).remove(p);
            }
            refs(schema, todo::add);
        }
        return seen;
    }

    static void refs(JsonNode node, Consumer<String> each) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref") && e.getValue().asText().startsWith(SCHEMAS)) {
                    each.accept(e.getValue().asText().substring(SCHEMAS.length()));
                } else {
                    refs(e.getValue(), each);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> refs(n, each));
        }
    }

    private static Optional<String> name(JsonNode ref) {
        return ref.isTextual() ? Optional.of(name(ref.asText())) : Optional.empty();
    }

    private static String name(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** Moves the value rules of {@code s} (and its inline parts) into {@code rules}; refs to item schemas follow renames. */
    private static void loosen(Schema<?> s, String at, List<String> rules, Map<String, String> renamed) {
        if (s.get$ref() != null) {
            String target = name(s.get$ref());
            if (renamed.containsKey(target)) {
                s.set$ref(SCHEMAS + renamed.get(target));
            }
            return;
        }
        String where = at.isEmpty() ? "" : "`" + at + "` ";
        if (s.getRequired() != null && !s.getRequired().isEmpty()) {
            rules.add((at.isEmpty() ? "" : "in `" + at + "` ") + "required "
                    + s.getRequired().stream().map(r -> "`" + r + "`").collect(Collectors.joining(", ")));
            s.setRequired(null);
        }
        if (s.getPattern() != null) {
            rules.add(where + "pattern `" + s.getPattern() + "`");
            s.setPattern(null);
        }
        if (s.getFormat() != null && !WIDTHS.contains(s.getFormat())) {
            rules.add(where + "format " + s.getFormat());
            s.setFormat(null);
        }
        if (s.getEnum() != null) {
            rules.add(where + "one of "
                    + s.getEnum().stream()
                            .filter(Objects::nonNull)
                            .map(String::valueOf)
                            .collect(Collectors.joining(", ")));
            s.setEnum(null);
        }
        if (s.getConst() != null) {
            rules.add(where + "exactly " + s.getConst());
            s.setConst(null);
        }
        bound(rules, where + "at least %s", s.getMinimum(), () -> s.setMinimum(null));
        bound(rules, where + "at most %s", s.getMaximum(), () -> s.setMaximum(null));
        bound(rules, where + "more than %s", s.getExclusiveMinimumValue(), () -> s.setExclusiveMinimumValue(null));
        bound(rules, where + "less than %s", s.getExclusiveMaximumValue(), () -> s.setExclusiveMaximumValue(null));
        bound(rules, where + "a multiple of %s", s.getMultipleOf(), () -> s.setMultipleOf(null));
        bound(rules, where + "at least %s characters", s.getMinLength(), () -> s.setMinLength(null));
        bound(rules, where + "at most %s characters", s.getMaxLength(), () -> s.setMaxLength(null));
        bound(rules, where + "at least %s items", s.getMinItems(), () -> s.setMinItems(null));
        bound(rules, where + "at most %s items", s.getMaxItems(), () -> s.setMaxItems(null));
        bound(rules, where + "at least %s fields", s.getMinProperties(), () -> s.setMinProperties(null));
        bound(rules, where + "at most %s fields", s.getMaxProperties(), () -> s.setMaxProperties(null));
        if (Boolean.TRUE.equals(s.getUniqueItems())) {
            rules.add(where + "no item twice");
            s.setUniqueItems(null);
        }
        if (Boolean.FALSE.equals(s.getAdditionalProperties())) {
            rules.add((at.isEmpty() ? "" : "in `" + at + "` ") + "no other fields");
            s.setAdditionalProperties(null);
        }
        String prefix = at.isEmpty() ? "" : at + ".";
        if (s.getProperties() != null) {
            s.getProperties().forEach((name, p) -> loosen(p, prefix + name, rules, renamed));
        }
        if (s.getItems() != null) {
            loosen(s.getItems(), at + "[]", rules, renamed);
        }
        Stream.of(s.getOneOf(), s.getAnyOf(), s.getAllOf())
                .filter(Objects::nonNull)
                .forEach(parts -> parts.forEach(part -> loosen(part, at, rules, renamed)));
    }

    private static void bound(List<String> rules, String rule, @Nullable Object value, Runnable clear) {
        if (value != null) {
            rules.add(rule.formatted(value));
            clear.run();
        }
    }
}
