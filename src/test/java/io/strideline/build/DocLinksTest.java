package io.strideline.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** README.md and docs/*.md link only to files that exist inside the repository. */
class DocLinksTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().normalize();
    /** Markdown links and images: [text](target) and ![alt](target), target up to a space or ')'. */
    private static final Pattern LINK =
            Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** Paths written in the text that leave the repository (a leading {@code ../}). */
    private static final Pattern OUTSIDE = Pattern.compile("(^|[\\s`(\"'])\\.\\./");

    private static List<Path> documents() throws IOException {
        var docs = new ArrayList<Path>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    @Test
    void relativeLinksPointAtFilesInsideTheRepository() throws IOException {
        var broken = new ArrayList<String>();
        for (Path doc : documents()) {
            var m = LINK.matcher(Files.readString(doc));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || target.startsWith("#")) {
                    continue; // http:, https:, mailto: and anchors in the same page
                }
                String file = target.replaceAll("[#?].*$", "");
                Path resolved = doc.getParent().resolve(file).normalize();
                if (!resolved.startsWith(ROOT)) {
                    broken.add(ROOT.relativize(doc) + ": " + target + " leaves the repository");
                } else if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(doc) + ": " + target + " does not exist");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void noPathInTheTextLeavesTheRepository() throws IOException {
        var outside = new ArrayList<String>();
        for (Path doc : documents()) {
            var lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                if (OUTSIDE.matcher(lines.get(i)).find()) {
                    outside.add(ROOT.relativize(doc) + ":" + (i + 1) + ": "
                            + lines.get(i).strip());
                }
            }
        }
        assertThat(outside).isEmpty();
    }
}
