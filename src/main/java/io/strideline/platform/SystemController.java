package io.strideline.platform;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "System", description = "Health, version and API documentation")
class SystemController {

    record Health(String status, String database) {}

    record Version(
            String name,
            String version,
            @Nullable String buildTime,
            @Nullable String gitCommit) {}

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
            description = "200 UP when the database answers, 503 DOWN otherwise.")
    ResponseEntity<Health> health() {
        try {
            jdbc.sql("select 1").query(Integer.class).single();
            return ResponseEntity.ok(new Health("UP", "UP"));
        } catch (RuntimeException e) {
            return ResponseEntity.status(503).body(new Health("DOWN", "DOWN"));
        }
    }

    @GetMapping("/api/v1/system/version")
    @Operation(operationId = "getVersion", summary = "Version, build time and git commit of the running server")
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
    @Operation(operationId = "getApiReferencePage", summary = "The API reference rendered by ReDoc")
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
