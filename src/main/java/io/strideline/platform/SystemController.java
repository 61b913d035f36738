package io.strideline.platform;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "System", description = "Health, version and API documentation")
class SystemController {

    @Schema(description = "Whether the server can serve requests.")
    record Health(
            @Schema(
                    description = "UP: the server and its database answer.",
                    allowableValues = {"UP"},
                    example = "UP")
            String status,

            @Schema(
                    description = "UP: the database answers.",
                    allowableValues = {"UP"},
                    example = "UP")
            String database) {}

    @Schema(description = "What is running.")
    record Version(
            @Schema(description = "Always `strideline`.", allowableValues = "strideline", example = "strideline")
            String name,

            @Schema(description = "The build's version; `dev` when not built as a release.", example = "1.4.0")
            String version,

            @Schema(
                    description = "When it was built (ISO-8601); null when unknown.",
                    format = "date-time",
                    example = "2026-03-01T08:30:00Z")
            @Nullable
            String buildTime,

            @Schema(description = "Short git commit id; null when unknown.", example = "f2ebfc2") @Nullable
            String gitCommit) {}

    private final JdbcClient jdbc;
    private final @Nullable BuildProperties build;
    private final @Nullable GitProperties git;

    SystemController(JdbcClient jdbc, @Nullable BuildProperties build, @Nullable GitProperties git) {
        this.jdbc = jdbc;
        this.build = build;
        this.git = git;
    }

    @GetMapping("/api/v1/health")
    @Operation(
            operationId = "getHealth",
            summary = "Health with a database check",
            description = "200 UP when the database answers; without a database, the 503 "
                    + "`database_unavailable` problem (with Retry-After) that every request gets in an outage. "
                    + "Needs no token.")
    Health health() {
        // a database failure propagates: ProblemHandler answers it like any request's, so the
        // document's shared 503 is the truth here too
        jdbc.sql("select 1").query(Integer.class).single();
        return new Health("UP", "UP");
    }

    @GetMapping("/api/v1/system/version")
    @Operation(
            operationId = "getVersion",
            summary = "Version, build time and git commit of the running server",
            description = "Needs no token.")
    Version version() {
        return new Version(
                "strideline",
                build == null || build.getVersion() == null ? "dev" : build.getVersion(),
                build == null || build.getTime() == null
                        ? null
                        : build.getTime().toString(),
                git == null ? null : git.getShortCommitId());
    }

    @GetMapping(value = "/redoc", produces = MediaType.TEXT_HTML_VALUE)
    @Operation(
            operationId = "getApiReferencePage",
            summary = "The API reference rendered by ReDoc",
            description = "An HTML page that renders /v3/api-docs with ReDoc (its script loads from the ReDoc CDN).")
    String redoc() {
        return """
                <!DOCTYPE html>
                <html><head><title>Strideline API</title><meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"></head>
                <body><redoc spec-url="/v3/api-docs"></redoc>
                <script src="https://cdn.redoc.ly/redoc/latest/bundles/redoc.standalone.js"></script>
                </body></html>
                """;
    }
}
