package io.strideline.platform;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.AntPathMatcher;

/**
 * The OpenAPI document at {@code /v3/api-docs}, which clients are generated from. Controllers say
 * what is particular to an operation (operationId, summary, success codes, the errors only it
 * has); what every operation shares is added here, from the same facts the server acts on: the
 * security of a path comes from {@link SecurityConfiguration#PUBLIC}, the errors from {@link
 * ProblemHandler}'s one problem shape, the schemas from {@link WireSchemas}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PROBLEM_JSON = "application/problem+json";
    private static final String REF = "#/components/";
    private static final AntPathMatcher PATHS = new AntPathMatcher();

    /** What the parameters every list and every resource path shares mean, said once. */
    private static final Map<String, String> COMMON_PARAMETERS = Map.of(
            "id", "Id of the resource; 404 when there is none the caller may see.",
            "limit", "Page size, 1..200 (default 50).",
            "cursor", "next_cursor of the previous page; absent for the first page.",
            "userId", "Id of the member (a person).",
            "invitationId", "Id of the invitation.",
            "commandId", "Id of the command, as polled.",
            "user_id", "Id of the person; 404 for an unknown one and, alike, for one who blocked the caller.",
            "comment_id", "Id of the comment; 404 when there is none the caller may delete.");

    static {
        // resolved from the token, not sent by clients
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(CurrentUser.class, CurrentDevice.class);
        // free-form JSON (device metadata, command params, weather): one schema, used by reference
        SpringDocUtils.getConfig()
                .replaceWithSchema(
                        tools.jackson.databind.JsonNode.class, new Schema<>().$ref(REF + "schemas/FreeFormObject"));
    }

    @Bean
    WireSchemas wireSchemas(ObjectMapperProvider mappers) {
        return new WireSchemas(mappers.jsonMapper());
    }

    @Bean
    OpenAPI strideline(
            @Value("${strideline.public-url}") String publicUrl,
            @Value("${strideline.contact-url}") String contactUrl) {
        return new OpenAPI()
                .info(new Info()
                        .title("Strideline API")
                        .version("v1")
                        .description("Backend for connected fitness and IoT devices. People authenticate with a JWT "
                                + "access token (`user`); devices with an opaque `sld_` token (`device`), accepted "
                                + "only under /api/v1/device/**. JSON names are snake_case, times ISO-8601 with an "
                                + "offset, units SI. Lists answer `{items, next_cursor}`. Errors are RFC 9457 "
                                + "problem+json with a stable `code` and, for bad input, `errors[{field, message}]`. "
                                + "Any request may be answered 503 `overloaded` (the server is at capacity) or "
                                + "`database_unavailable`, and sign-ins 429, always with `Retry-After`: wait that "
                                + "long and send the same request again (device writes are idempotent; any POST "
                                + "accepts an `Idempotency-Key`).")
                        .license(new License().name("Apache License 2.0").identifier("Apache-2.0"))
                        .contact(new Contact().name("Strideline maintainers").url(contactUrl)))
                .servers(List.of(new Server().url(publicUrl).description("this server")))
                .components(new Components()
                        .addSecuritySchemes(
                                "user",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("A person's access token from /auth/login (15 minutes)."))
                        .addSecuritySchemes(
                                "device",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("sld_ token")
                                        .description("A device token (`sld_…`) from pairing or registration.")));
    }

    /** 201 with {@code Location} (and 200 for a repeated request) on {@link Created} handlers. */
    @Bean
    OperationCustomizer createdResponses() {
        return (operation, handler) -> {
            Created created = handler.getMethodAnnotation(Created.class);
            ApiResponses responses = operation.getResponses();
            ApiResponse success = responses.get("200") != null ? responses.get("200") : responses.get("201");
            if (created == null || success == null) {
                return operation;
            }
            responses.remove("200");
            var answer = new ApiResponse().description("Created.").content(success.getContent());
            if (!created.location().isEmpty()) {
                answer.addHeaderObject(
                        "Location",
                        new Header()
                                .description("Path of the new resource.")
                                .required(true)
                                .schema(new Schema<>().types(Set.of("string")).format("uri-reference")));
            }
            responses.addApiResponse("201", answer);
            if (created.duplicateIs200()) {
                responses.addApiResponse(
                        "200",
                        new ApiResponse()
                                .description("Already stored (the same client_id again): what is stored, unchanged.")
                                .content(success.getContent()));
            }
            return operation;
        };
    }

    /** What every operation shares: security by path, content types, headers and the errors. */
    @Bean
    OpenApiCustomizer sharedContract(WireSchemas schemas) {
        return openApi -> {
            Components components = openApi.getComponents();
            addSharedComponents(components);
            schemas.applyNullability(components.getSchemas());
            ClosedRequestSchemas.apply(openApi);
            BatchItemSchemas.apply(openApi);
            openApi.getPaths()
                    .forEach((path, item) ->
                            item.readOperationsMap().forEach((method, operation) -> complete(path, method, operation)));
        };
    }

    private static void complete(String path, PathItem.HttpMethod method, Operation operation) {
        boolean isPublic = isPublic(path);
        operation.setSecurity(
                isPublic
                        ? new ArrayList<>()
                        : List.of(new SecurityRequirement()
                                .addList(path.startsWith("/api/v1/device/") ? "device" : "user")));
        if (method == PathItem.HttpMethod.POST && path.startsWith("/api/v1/")) {
            operation.addParametersItem(new Parameter().$ref(REF + "parameters/IdempotencyKey"));
        }
        if (path.startsWith("/api/v1/device/") && operation.getRequestBody() != null) {
            operation.addParametersItem(new Parameter().$ref(REF + "parameters/ContentEncoding"));
        }
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(p -> {
                // swagger-core reads a numeric-looking example ("4182") as a number; a header is a string
                if (p.getExample() instanceof com.fasterxml.jackson.databind.JsonNode n
                        && n.isNumber()
                        && p.getSchema() != null
                        && ("string".equals(p.getSchema().getType())
                                || Set.of("string").equals(p.getSchema().getTypes()))) {
                    p.setExample(n.asText());
                }
                if (p.get$ref() == null && p.getDescription() == null) {
                    p.setDescription(COMMON_PARAMETERS.get(p.getName()));
                    if ("limit".equals(p.getName()) && p.getSchema() != null) {
                        p.getSchema()
                                .minimum(BigDecimal.ONE)
                                .maximum(BigDecimal.valueOf(200))
                                ._default(50);
                    }
                }
            });
        }
        ApiResponses responses = operation.getResponses();
        responses.forEach((status, response) -> {
            if (response.get$ref() != null) {
                return;
            }
            if (status.startsWith("4") || status.startsWith("5")) {
                // an error an operation documents itself (409 device_exists, 410 ...) is a problem too
                response.setContent(problemContent());
            }
            response.addHeaderObject("X-Request-Id", new Header().$ref(REF + "headers/RequestId"));
        });
        if (!path.startsWith("/api/v1/")) {
            return; // the documentation pages
        }
        boolean hasInput = operation.getRequestBody() != null
                || (operation.getParameters() != null
                        && operation.getParameters().stream().anyMatch(p -> p.get$ref() == null));
        addError(responses, "400", "BadRequest");
        if (!isPublic) {
            addError(responses, "401", "Unauthorized");
        }
        if (path.contains("{")) {
            addError(responses, "404", "NotFound");
        }
        if (operation.getRequestBody() != null) {
            addError(responses, "413", "PayloadTooLarge");
            addError(responses, "415", "UnsupportedMediaType");
        }
        if (hasInput) {
            addError(responses, "422", "ValidationFailed");
        }
        addError(responses, "429", "TooManyRequests");
        addError(responses, "503", "ServiceUnavailable");
        addError(responses, "default", "Problem");
    }

    private static boolean isPublic(String path) {
        for (String pattern : SecurityConfiguration.PUBLIC) {
            if (PATHS.match(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    private static void addError(ApiResponses responses, String status, String name) {
        responses.putIfAbsent(status, new ApiResponse().$ref(REF + "responses/" + name));
    }

    private static void addSharedComponents(Components components) {
        components.addSchemas(
                "FreeFormObject",
                new Schema<>()
                        .types(Set.of("object"))
                        .additionalProperties(true)
                        .description("Free-form JSON object whose shape the client chooses; stored and "
                                + "returned as sent."));
        components.addSchemas(
                "FieldProblem",
                new Schema<>()
                        .types(Set.of("object"))
                        .description("One bad field of the request.")
                        .addProperty(
                                "field",
                                new Schema<>()
                                        .types(Set.of("string"))
                                        .description("JSON path of the field, e.g. `track.lat[3]`, or the name "
                                                + "of a query parameter.")
                                        .example("display_name"))
                        .addProperty(
                                "message",
                                new Schema<>()
                                        .types(Set.of("string"))
                                        .description("What is wrong with it.")
                                        .example("must not be blank"))
                        .required(List.of("field", "message")));
        components.addSchemas(
                "Problem",
                new Schema<>()
                        .types(Set.of("object"))
                        .description("An RFC 9457 problem: every error of this API has this shape.")
                        .addProperty(
                                "type",
                                new Schema<>()
                                        .types(Set.of("string"))
                                        .format("uri-reference")
                                        .description("A URI naming the kind of problem; absent means about:blank."))
                        .addProperty(
                                "title",
                                new Schema<>()
                                        .types(Set.of("string"))
                                        .description("The HTTP status' reason phrase.")
                                        .example("Unprocessable Content"))
                        .addProperty(
                                "status",
                                new Schema<>()
                                        .types(Set.of("integer"))
                                        .format("int32")
                                        .description("The HTTP status code.")
                                        .example(422))
                        .addProperty(
                                "detail",
                                new Schema<>()
                                        .types(Set.of("string"))
                                        .description("What went wrong, for people.")
                                        .example("The request has invalid fields."))
                        .addProperty(
                                "instance",
                                new Schema<>()
                                        .types(Set.of("string"))
                                        .format("uri-reference")
                                        .description("The path of the request."))
                        .addProperty(
                                "code",
                                new Schema<>()
                                        .types(Set.of("string"))
                                        .description("Stable machine-readable code, e.g. `validation_failed`, "
                                                + "`not_found`, `invalid_token`, `rate_limited`, `overloaded`.")
                                        .example("validation_failed"))
                        .addProperty(
                                "errors",
                                new Schema<>()
                                        .types(Set.of("array"))
                                        .items(new Schema<>().$ref(REF + "schemas/FieldProblem"))
                                        .description("For bad input: each bad field."))
                        .required(List.of("title", "status", "code")));

        components.addHeaders(
                "RequestId",
                new Header()
                        .description("The request's id (the caller's `X-Request-Id` when sane, else a new one); "
                                + "it is in the server's logs.")
                        .schema(new Schema<>().types(Set.of("string"))));
        components.addHeaders(
                "RetryAfter",
                new Header()
                        .description("Seconds to wait before sending the same request again.")
                        .schema(new Schema<>().types(Set.of("integer")).minimum(BigDecimal.ZERO)));
        components.addParameters(
                "IdempotencyKey",
                new Parameter()
                        .in("header")
                        .name("Idempotency-Key")
                        .required(false)
                        .description("Any unique string (a UUID): the answer is kept 24 hours and a retry with "
                                + "the same key and body gets it again without doing the work twice. The same key "
                                + "with another body is 422 `idempotency_key_reused`; while the first request runs, "
                                + "409 `idempotency_key_in_use`.")
                        .schema(new Schema<>().types(Set.of("string")).maxLength(255)));
        components.addParameters(
                "ContentEncoding",
                new Parameter()
                        .in("header")
                        .name("Content-Encoding")
                        .required(false)
                        .description("`gzip` when the body is compressed (the limits apply after inflating).")
                        .schema(new Schema<>().types(Set.of("string"))._enum(List.of("gzip", "identity"))));

        var problems = new LinkedHashMap<String, String>();
        problems.put("BadRequest", "The request cannot be read (malformed JSON, query or multipart).");
        problems.put("Unauthorized", "No token, an invalid or expired one, or a token of the wrong kind.");
        problems.put("NotFound", "No such resource, or not one the caller may see.");
        problems.put("PayloadTooLarge", "The body is over the limit (also after inflating gzip).");
        problems.put("UnsupportedMediaType", "The body is not of a media type this operation takes.");
        problems.put("ValidationFailed", "Some fields are invalid: `errors` names each.");
        problems.put("Problem", "Any other failure, as a problem.");
        for (Map.Entry<String, String> p : problems.entrySet()) {
            components.addResponses(p.getKey(), problemResponse(p.getValue(), false));
        }
        components.addResponses(
                "TooManyRequests", problemResponse("Over a rate limit; wait `Retry-After` seconds.", true));
        components.addResponses(
                "ServiceUnavailable",
                problemResponse("`overloaded` or `database_unavailable`; wait `Retry-After` seconds and retry.", true));
    }

    private static Content problemContent() {
        return new Content()
                .addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref(REF + "schemas/Problem")));
    }

    private static ApiResponse problemResponse(String description, boolean retryAfter) {
        var response = new ApiResponse().description(description).content(problemContent());
        response.addHeaderObject("X-Request-Id", new Header().$ref(REF + "headers/RequestId"));
        if (retryAfter) {
            response.addHeaderObject("Retry-After", new Header().$ref(REF + "headers/RetryAfter"));
        }
        return response;
    }
}
