package io.strideline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The README's RunSight flow with the TypeScript client (typescript-fetch) that the build
 * generates from docs/openapi.json, compiled by tsc in strict mode and run by node against this
 * server. Needs node and npm (TypeScript is installed into target/ on first use); without node it
 * is skipped with one line saying so.
 */
class TypeScriptClientTest extends ApiTest {

    private static final Path CLIENT = Path.of("target/generated-client/typescript");
    private static final Path TOOLS = Path.of("target/ts-tools");
    private static final String TYPESCRIPT = "typescript@5.9.3";

    @LocalServerPort
    int serverPort;

    @Test
    void generatedTypeScriptClientCompilesAndRunsTheReadmeRunSightFlow() throws Exception {
        assumeTrue(
                run(List.of("node", "--version"), 30).exit() == 0,
                "node is not installed: the TypeScript client check is skipped");
        Path tsc = TOOLS.resolve("node_modules/typescript/bin/tsc");
        if (!Files.exists(tsc)) {
            var install = run(
                    List.of(
                            "npm",
                            "install",
                            "--no-save",
                            "--no-audit",
                            "--no-fund",
                            "--prefix",
                            TOOLS.toString(),
                            TYPESCRIPT),
                    300);
            assertThat(install.exit())
                    .as("npm install %s: %s", TYPESCRIPT, install.output())
                    .isZero();
        }
        Files.copy(
                Path.of("src/test/typescript/runsight-flow.ts"),
                CLIENT.resolve("runsight-flow.ts"),
                StandardCopyOption.REPLACE_EXISTING);

        var compiled = run(
                List.of(
                        "node",
                        tsc.toString(),
                        "--strict",
                        "--target",
                        "es2020",
                        "--module",
                        "commonjs",
                        "--lib",
                        "es2020,dom",
                        "--skipLibCheck",
                        "--outDir",
                        CLIENT.resolve("dist").toString(),
                        CLIENT.resolve("runsight-flow.ts").toString()),
                300);
        assertThat(compiled.exit()).as("tsc: %s", compiled.output()).isZero();

        var flow = run(
                List.of(
                        "node",
                        CLIENT.resolve("dist/runsight-flow.js").toString(),
                        "http://localhost:" + serverPort,
                        uniqueEmail()),
                120);
        assertThat(flow.exit()).as("node: %s", flow.output()).isZero();
        assertThat(flow.output()).contains("OK activities=1 distance=5000");
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        // output to a file, not a pipe: a pipe that nobody reads while waiting can fill and block
        Path log = Files.createTempFile("ts-client", ".log");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException notInstalled) {
            return new Result(-1, notInstalled.getMessage());
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Result(process.exitValue(), output);
    }
}
