package io.strideline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;

/**
 * The README runs top to bottom: every {@code ```bash} block of README.md, in order, in one bash
 * ({@code set -euo pipefail}, so that variables such as {@code $AT} carry from block to block as
 * they do for a reader), against a server of its own on a fresh, empty database.
 *
 * <p>The rule, so that no block is left out by accident:
 *
 * <ul>
 *   <li>a {@code ```bash} block runs, unless its first line is {@code # readme-test: skip <why>}
 *       (the quick start's {@code ./mvnw}, streams that run until Ctrl-C);
 *   <li>shell blocks fenced otherwise ({@code sh}, {@code shell}, {@code console}, {@code zsh}, or
 *       no language) fail this test: they would look runnable and silently not run;
 *   <li>other languages ({@code js}, {@code json}, {@code yaml}, {@code text} …) are not commands.
 * </ul>
 *
 * <p>Every {@code curl} fails the run on an HTTP error (the server's problem body and the README
 * line are in the failure message). {@code http://localhost:8080} becomes this server's port. The
 * server has the system clock (not {@link TestClock}), because the README's dates come from
 * {@code date -u}. Needs bash, curl and jq; without one of them it is skipped with one line.
 */
class ReadmeWalkthroughTest {

    private static final Path README = Path.of("README.md");
    private static final String SKIP = "# readme-test: skip";
    private static final Set<String> SHELL_FENCES = Set.of("", "sh", "shell", "console", "zsh");
    private static final Pattern FENCE = Pattern.compile("^\\s*```(\\S*)\\s*$");
    // a hang guard per block, not a measurement: one curl may take this long, the whole run this
    // long per block
    private static final int SECONDS_PER_BLOCK = 60;

    /** A fenced block of README.md: its language, the line of its first content line, its lines. */
    record Block(String language, int line, List<String> lines) {}

    @TempDir
    static Path var;

    @Test
    void everyBashBlockOfTheReadmeRunsInOrderOnAFreshServer() throws Exception {
        for (String tool : List.of("bash", "curl", "jq")) {
            assumeTrue(
                    run(List.of(tool, "--version"), var, 30).exit() == 0,
                    tool + " is not installed: the README walkthrough is skipped");
        }
        var blocks = blocks(Files.readAllLines(README, StandardCharsets.UTF_8));
        var misfenced = blocks.stream()
                .filter(b -> SHELL_FENCES.contains(b.language()))
                .map(b -> "line " + b.line() + " (```" + b.language() + ")")
                .toList();
        assertThat(misfenced)
                .as("README.md shell blocks must be ```bash (they run here) or start with '%s <why>'", SKIP)
                .isEmpty();
        var runnable = blocks.stream()
                .filter(b -> b.language().equals("bash"))
                .filter(b -> !b.lines().getFirst().strip().startsWith(SKIP))
                .toList();
        assertThat(runnable).as("runnable README blocks").isNotEmpty();
        for (var skipped : blocks) {
            if (skipped.language().equals("bash") && !runnable.contains(skipped)) {
                assertThat(skipped.lines().getFirst().strip())
                        .as("README.md line %d: a skipped block says why", skipped.line())
                        .matches(Pattern.quote(SKIP) + "\\W+\\w.*");
            }
        }

        Path work = Files.createDirectories(var.resolve("work"));
        // the README runs from a clone's root: its fixture paths (src/test/...) resolve, and what it
        // writes (run.gpx) lands in a scratch folder, not in the project
        Files.createSymbolicLink(work.resolve("src"), Path.of("src").toAbsolutePath());
        try (var server = SpringApplication.run(
                StridelineApplication.class,
                "--spring.profiles.active=test",
                "--server.port=0",
                // its own PostgreSQL: the README's ann@example.com must not meet other tests' data
                "--strideline.db.embedded.data-dir=" + var.resolve("postgres"),
                "--strideline.security.jwt.secret-file=" + var.resolve("jwt-secret"),
                "--strideline.security.zone-blur.secret-file=" + var.resolve("zone-blur-secret"))) {
            int port = Integer.parseInt(server.getEnvironment().getProperty("local.server.port"));
            Path script = var.resolve("readme.sh");
            Files.writeString(script, script(runnable, port), StandardCharsets.UTF_8);
            var result = run(List.of("bash", script.toString()), work, SECONDS_PER_BLOCK * (runnable.size() + 1));
            assertThat(result.exit())
                    .as("the README's bash blocks, run in order:%n%s%s", result.output(), failedLine(result.output()))
                    .isZero();
            assertThat(result.output()).contains("README: " + runnable.size() + " blocks ran");
        }
    }

    /** The README line the ERR trap names, as written there: the trap itself sees only the last command. */
    private static String failedLine(String output) {
        var failed = Pattern.compile("README\\.md line (\\d+) failed").matcher(output);
        if (!failed.find()) {
            return "";
        }
        try {
            int line = Integer.parseInt(failed.group(1));
            return "%nREADME.md line %d: %s"
                    .formatted(line, Files.readAllLines(README).get(line - 1).strip());
        } catch (IOException | IndexOutOfBoundsException e) {
            return "";
        }
    }

    static List<Block> blocks(List<String> readme) {
        var blocks = new ArrayList<Block>();
        String language = null;
        int start = 0;
        List<String> lines = null;
        for (int i = 0; i < readme.size(); i++) {
            var fence = FENCE.matcher(readme.get(i));
            if (language == null && fence.matches()) {
                language = fence.group(1);
                start = i + 2;
                lines = new ArrayList<>();
            } else if (language != null && fence.matches() && fence.group(1).isEmpty()) {
                blocks.add(new Block(language, start, List.copyOf(lines)));
                language = null;
            } else if (language != null) {
                lines.add(readme.get(i));
            }
        }
        assertThat(language)
                .as("README.md: a block opened at line %d is not closed", start - 1)
                .isNull();
        return blocks;
    }

    /**
     * One bash script of all blocks. Before each block {@code README_OFFSET} is set so that the ERR
     * trap can name the README line that failed ({@code LINENO} counts script lines).
     */
    static String script(List<Block> blocks, int port) {
        var s = new StringBuilder();
        s.append("""
                set -euo pipefail
                shopt -s inherit_errexit
                README_OFFSET=0
                trap 'rc=$?; echo "README.md line $((LINENO + README_OFFSET)) failed (exit $rc): $BASH_COMMAND" >&2' ERR
                # an HTTP error fails the command (so also a `curl … | jq` pipeline), and its answer is
                # shown on stderr, where a command substitution does not swallow it
                curl() {
                  local out rc=0
                  out=$(mktemp)
                  command curl --fail-with-body -sS --max-time %d "$@" > "$out" || rc=$?
                  if [ "$rc" -ne 0 ]; then
                    echo "curl failed (exit $rc): $(printf '%%s ' "$@" | grep -o 'http[^ ]*' | head -1)" >&2
                    cat "$out" >&2
                    echo >&2
                  else
                    cat "$out"
                  fi
                  rm -f "$out"
                  return "$rc"
                }
                """.formatted(SECONDS_PER_BLOCK));
        int scriptLine = (int) s.chars().filter(c -> c == '\n').count();
        for (var block : blocks) {
            // on a line of its own: the answers before it end without a newline
            s.append("printf '\\n--- README.md block at line ")
                    .append(block.line())
                    .append("\\n'\n");
            scriptLine++;
            // the block's first line is script line scriptLine + 2 (after this assignment)
            s.append("README_OFFSET=").append(block.line() - (scriptLine + 2)).append('\n');
            scriptLine++;
            for (String line : block.lines()) {
                s.append(line.replace("http://localhost:8080", "http://localhost:" + port))
                        .append('\n');
                scriptLine++;
            }
        }
        s.append("echo 'README: ").append(blocks.size()).append(" blocks ran'\n");
        return s.toString();
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command, Path directory, int timeoutSeconds)
            throws IOException, InterruptedException {
        // output to a file, not a pipe: a pipe that nobody reads while waiting can fill and block
        Path log = Files.createTempFile(var, "run", ".log");
        var builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // a proxy configured for the machine must not see the calls to this server
        builder.environment().put("NO_PROXY", "localhost,127.0.0.1");
        builder.environment().put("no_proxy", "localhost,127.0.0.1");
        Process process;
        try {
            process = builder.start();
        } catch (IOException notInstalled) {
            return new Result(-1, notInstalled.getMessage());
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return new Result(
                    -1,
                    Files.readString(log, StandardCharsets.UTF_8) + "\n" + String.join(" ", command)
                            + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
