package io.strideline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

    /** The committed module documentation (component diagrams and module canvases). */
    static final Path COMMITTED_DOCS = Path.of("docs", "modules");

    /** Where the test writes what the code says today. */
    static final Path GENERATED_DOCS = Path.of("target", "modulith-docs");

    /** {@code -Dmodulith.docs.write=true} replaces {@link #COMMITTED_DOCS} with the generated files. */
    static final String WRITE_DOCS = "modulith.docs.write";

    static final ApplicationModules MODULES = ApplicationModules.of(StridelineApplication.class);

    /**
     * Modules only use each other's public API, there are no cycles, and every module only
     * depends on the modules its {@code @ApplicationModule(allowedDependencies)} names.
     */
    @Test
    void modulesOnlyUseEachOthersPublicApi() {
        MODULES.verify();
    }

    /**
     * The declared map is exactly the one in use: an allowed dependency no code needs any more
     * would silently widen the map (and the documentation) and is to be removed.
     */
    @Test
    void everyAllowedDependencyIsUsed() {
        Map<String, Set<String>> declared = new TreeMap<>();
        Map<String, Set<String>> used = new TreeMap<>();
        for (var module : MODULES) {
            String name = module.getIdentifier().toString();
            declared.put(name, new TreeSet<>(Arrays.asList(declaredDependencies(module))));
            used.put(
                    name,
                    module.getDirectDependencies(MODULES)
                            .uniqueModules()
                            .map(m -> m.getIdentifier().toString())
                            .collect(Collectors.toCollection(TreeSet::new)));
        }
        assertThat(declared)
                .as("allowedDependencies in each module's package-info.java (docs/architecture.md describes them)")
                .isEqualTo(used);
    }

    private static String[] declaredDependencies(org.springframework.modulith.core.ApplicationModule module) {
        var annotation = module.getBasePackage().getAnnotation(ApplicationModule.class);
        assertThat(annotation)
                .as(
                        "%s/package-info.java declares @ApplicationModule(allowedDependencies = ...)",
                        module.getIdentifier())
                .isPresent();
        assertThat(annotation.get().allowedDependencies())
                .as("%s/package-info.java declares allowedDependencies", module.getIdentifier())
                .doesNotContain(ApplicationModule.OPEN_TOKEN);
        return annotation.get().allowedDependencies();
    }

    /**
     * docs/modules is what Spring Modulith's Documenter writes for the code as it is: the component
     * diagram of all modules ({@code components.puml}), one per module and the module canvases.
     */
    @Test
    void moduleDocumentationIsUpToDate() throws IOException {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(GENERATED_DOCS.toString()))
                .writeDocumentation();
        var generated = files(GENERATED_DOCS);
        // the Documenter lists relations and canvas entries in no fixed order: sort them so that
        // the same code always gives the same files
        for (var file : generated.entrySet()) {
            file.setValue(canonical(file.getValue()));
            Files.writeString(GENERATED_DOCS.resolve(file.getKey()), file.getValue());
        }
        if (Boolean.getBoolean(WRITE_DOCS)) {
            for (var stale : files(COMMITTED_DOCS).keySet()) {
                if (!generated.containsKey(stale)) {
                    Files.delete(COMMITTED_DOCS.resolve(stale));
                }
            }
            Files.createDirectories(COMMITTED_DOCS);
            for (var name : generated.keySet()) {
                Files.copy(
                        GENERATED_DOCS.resolve(name),
                        COMMITTED_DOCS.resolve(name),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            return;
        }
        var committed = files(COMMITTED_DOCS);
        List<String> differences = new ArrayList<>();
        for (var name : new TreeSet<>(generated.keySet())) {
            if (!committed.containsKey(name)) {
                differences.add("missing " + name);
            } else if (!committed.get(name).equals(generated.get(name))) {
                differences.add("changed " + name);
            }
        }
        for (var name : committed.keySet()) {
            if (!generated.containsKey(name)) {
                differences.add("no longer generated " + name);
            }
        }
        assertThat(differences)
                .as(
                        "%s differs from the generated module documentation in %s; regenerate it with%n"
                                + "  ./mvnw test -Dtest=ModularityTests -D%s=true%nand commit the result",
                        COMMITTED_DOCS, GENERATED_DOCS, WRITE_DOCS)
                .isEmpty();
    }

    /**
     * Sorts each run of lines whose order means nothing: PlantUML {@code Component(...)} and
     * {@code Rel(...)} lines, and the items of a list in a canvas cell ({@code |* a}, {@code * b}).
     */
    static String canonical(String text) {
        var lines = List.of(text.split("\n", -1));
        var out = new ArrayList<String>(lines.size());
        int i = 0;
        while (i < lines.size()) {
            String kind = runKind(lines.get(i), true);
            if (kind == null) {
                out.add(lines.get(i++));
                continue;
            }
            var run = new ArrayList<String>();
            run.add(kind.equals("|* ") ? lines.get(i).substring(1) : lines.get(i));
            i++;
            String next = kind.equals("|* ") ? "* " : kind;
            while (i < lines.size() && next.equals(runKind(lines.get(i), false))) {
                run.add(lines.get(i++));
            }
            run.sort(null);
            if (kind.equals("|* ")) {
                run.set(0, "|" + run.getFirst());
            }
            out.addAll(run);
        }
        return String.join("\n", out);
    }

    private static @org.jspecify.annotations.Nullable String runKind(String line, boolean first) {
        String trimmed = line.strip();
        if (trimmed.startsWith("Rel(")) {
            return "Rel(";
        }
        if (trimmed.startsWith("Component(")) {
            return "Component(";
        }
        if (first && line.startsWith("|* ")) {
            return "|* ";
        }
        return !first && line.startsWith("* ") ? "* " : null;
    }

    /** File name to content (line endings normalized) of the files directly in {@code folder}. */
    private static Map<String, String> files(Path folder) throws IOException {
        var files = new TreeMap<String, String>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> list = Files.list(folder)) {
            list.filter(Files::isRegularFile).forEach(file -> {
                try {
                    files.put(
                            file.getFileName().toString(),
                            Files.readString(file).replace("\r\n", "\n"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return files;
    }
}
