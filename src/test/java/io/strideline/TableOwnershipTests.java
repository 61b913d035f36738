package io.strideline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No module's SQL names another module's tables. A table belongs to the module whose migration
 * folder ({@code db/migration/<module>}) creates it; a module reads and writes only its own tables
 * and asks other modules through their public API (or hears their events) for the rest.
 *
 * <p>Java: the string literals and text blocks in {@code src/main/java/io/strideline/<module>/**}
 * that look like SQL (a statement such as {@code select ... from}, {@code insert into},
 * {@code update x set}, or a fragment starting with a lowercase clause keyword such as
 * {@code " from users where"}), outside annotations (OpenAPI prose), with SQL comments and quoted
 * values blanked. A table counts as named when it follows {@code from}/{@code using} (each item of
 * the list), {@code join}, {@code into}, {@code update}, {@code table}, {@code references},
 * {@code truncate}, {@code copy}, {@code lock}, {@code partition of}, or {@code on} of
 * {@code create index}/{@code create trigger}: a column called like a table is not a table.
 * Migrations: the same names, anywhere in a module's folder. Spring Modulith's own
 * {@code event_publication} tables belong to no module.
 */
class TableOwnershipTests {

    static final Path JAVA = Path.of("src", "main", "java", "io", "strideline");
    static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");
    static final Path APPLICATION_YAML = Path.of("src", "main", "resources", "application.yaml");

    /** Created by Spring Modulith's event publication registry, not by any module. */
    static final Set<String> MODULITH_TABLES = Set.of("event_publication", "event_publication_archive");

    /**
     * Applied migrations that read another module's table; Flyway's checksums freeze them. Each
     * entry is "folder/file: table". Do not add to this list: a new migration keeps to its tables.
     */
    static final Set<String> FROZEN_EXCEPTIONS = Set.of(
            // backfill of personal organizations for people who registered before organizations existed
            "organization/V5__organization.sql: users",
            // backfill of devices.org_id from those personal organizations
            "device/V6__device_orgs.sql: orgs");

    private static final String NAME = "(?:\"?\\w+\"?\\s*\\.\\s*)?\"?(\\w+)\"?";

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "\\bcreate\\s+(?:(?:global|local)\\s+)?(?:(?:temporary|temp|unlogged)\\s+)?table\\s+"
                    + "(?:if\\s+not\\s+exists\\s+)?" + NAME,
            Pattern.CASE_INSENSITIVE);

    /** A keyword after which a table name stands. */
    private static final Pattern NAMED_AFTER_KEYWORD = Pattern.compile(
            "\\b(?:join|into|update|table|references|truncate|copy|lock|partition\\s+of)\\s+(?:only\\s+)?"
                    + "(?:if\\s+(?:not\\s+)?exists\\s+)?" + NAME
                    + "|\\bcreate\\s+(?:unique\\s+)?index\\s+(?:concurrently\\s+)?(?:if\\s+not\\s+exists\\s+)?"
                    + "(?:\\w+\\s+)?on\\s+(?:only\\s+)?" + NAME
                    + "|\\bcreate\\s+(?:or\\s+replace\\s+)?(?:constraint\\s+)?trigger\\s+\\w+[^;]*?\\bon\\s+" + NAME,
            Pattern.CASE_INSENSITIVE);

    /** {@code from a x, b y}: the list up to the next clause, parenthesis or end. */
    private static final Pattern FROM_LIST = Pattern.compile(
            "\\b(?:from|using)\\s+([^;()]*?)(?=\\b(?:where|join|left|right|inner|full|cross|natural|on|order"
                    + "|group|having|limit|offset|returning|set|window|union|except|intersect|for|select|values)\\b"
                    + "|[();]|$)",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern FROM_ITEM = Pattern.compile("^\\s*(?:only\\s+)?" + NAME, Pattern.CASE_INSENSITIVE);

    /** A whole statement: the literal is SQL. */
    private static final Pattern SQL_STATEMENT = Pattern.compile(
            "\\bselect\\b[\\s\\S]*\\bfrom\\b|\\binsert\\s+into\\b|\\bupdate\\s+(?:only\\s+)?[\\w.\"]+"
                    + "(?:\\s+(?:as\\s+)?\\w+)?\\s+set\\b|\\bdelete\\s+from\\b|\\bmerge\\s+into\\b"
                    + "|\\b(?:create|alter|drop|truncate|lock)\\s+(?:(?:unlogged|temporary|temp)\\s+)?(?:table|index)\\b"
                    + "|\\bpartition\\s+of\\b|\\bwith\\s+\\w+\\s+as\\s*\\(|\\bcopy\\s+[\\w.\"]+\\s*\\(",
            Pattern.CASE_INSENSITIVE);

    /** A piece of a statement put together in code, e.g. {@code " from users where id = ?"}. */
    private static final Pattern SQL_FRAGMENT = Pattern.compile(
            "^[\\s,()]*(?:from|join|left|inner|cross|where|and|or|on|set|order|group|returning|union|values"
                    + "|limit|using|select)\\b");

    /** Comments and quoted values of SQL, blanked with their length (and line breaks) kept. */
    private static final Pattern SQL_NOISE = Pattern.compile("'(?:[^']|'')*'|--[^\\n]*|/\\*[\\s\\S]*?\\*/");

    record Reference(String table, int offset) {}

    record Literal(String text, int offset) {}

    @Test
    void noModuleSqlNamesAnotherModulesTables() throws IOException {
        var owners = owners();
        var violations = new ArrayList<String>();
        for (var module : modules()) {
            for (var file : javaFiles(JAVA.resolve(module))) {
                String source = Files.readString(file);
                for (var literal : literals(source)) {
                    if (!isSql(literal.text())) {
                        continue;
                    }
                    for (var ref : references(literal.text(), owners.keySet())) {
                        String owner = owners.get(ref.table());
                        if (!owner.equals(module)) {
                            violations.add("%s:%d (module %s) names %s, a table of module %s"
                                    .formatted(
                                            file,
                                            line(source, literal.offset() + ref.offset()),
                                            module,
                                            ref.table(),
                                            owner));
                        }
                    }
                }
            }
        }
        assertThat(violations)
                .as("SQL naming another module's tables; ask the owning module's public API instead")
                .isEmpty();
    }

    @Test
    void migrationsOnlyTouchTheirModulesTables() throws IOException {
        var owners = owners();
        var violations = new ArrayList<String>();
        var excepted = new TreeSet<String>();
        for (var folder : migrationFolders()) {
            for (var file : sqlFiles(MIGRATIONS.resolve(folder))) {
                String sql = Files.readString(file);
                for (var ref : references(sql, owners.keySet())) {
                    String owner = owners.get(ref.table());
                    String entry = folder + "/" + file.getFileName() + ": " + ref.table();
                    if (!owner.equals(folder) && FROZEN_EXCEPTIONS.contains(entry)) {
                        excepted.add(entry);
                    } else if (!owner.equals(folder)) {
                        violations.add("%s:%d names %s, a table of module %s"
                                .formatted(file, line(sql, ref.offset()), ref.table(), owner));
                    }
                }
            }
        }
        assertThat(violations)
                .as("migrations creating, altering, referencing or reading another module's tables")
                .isEmpty();
        assertThat(excepted).as("frozen exceptions still needed").isEqualTo(FROZEN_EXCEPTIONS);
    }

    /** Every migration folder is a module's and Flyway reads it. */
    @Test
    void everyMigrationFolderBelongsToAModuleAndIsListedForFlyway() throws IOException {
        String yaml = Files.readString(APPLICATION_YAML);
        var listed = new TreeSet<String>();
        Matcher m = Pattern.compile("classpath:db/migration/(\\w+)").matcher(yaml);
        while (m.find()) {
            listed.add(m.group(1));
        }
        var folders = migrationFolders();
        assertThat(modules()).as("modules (packages under io.strideline)").containsAll(folders);
        assertThat(listed).as("spring.flyway.locations in application.yaml").isEqualTo(folders);
    }

    /** The rule itself: tables after SQL keywords count, prose and columns do not. */
    @Test
    void findsTablesWhereSqlNamesThem() {
        var tables = Set.of("users", "orgs", "devices", "readings", "steps");
        assertThat(names("select u.id from public.users u join orgs o on o.personal_of = u.id", tables))
                .containsExactly("orgs", "users");
        assertThat(names("select 1 from \"users\", devices d where d.id = ?", tables))
                .containsExactly("devices", "users");
        assertThat(names("insert into readings (ts) select ts from readings_staging", tables))
                .containsExactly("readings");
        assertThat(names("create table if not exists readings_x partition of readings for values", tables))
                .containsExactly("readings");
        assertThat(names("create index devices_by_org on only devices (org_id)", tables))
                .containsExactly("devices");
        assertThat(names("update devices set steps = 1 -- from users", tables)).containsExactly("devices");
        assertThat(names("select steps, 'from users' as x from step_days", tables))
                .isEmpty();
        assertThat(isSql(" from users where id = ?")).isTrue();
        assertThat(isSql("Runs come from devices paired with a person")).isFalse();
        assertThat(literals("""
                        @Operation(description = "select x from users")
                        String q = "select x from orgs" + ")";
                        char c = '"';
                        """).stream().map(Literal::text)).containsExactly("select x from orgs", ")");
    }

    private static List<String> names(String sql, Set<String> tables) {
        return references(sql, tables).stream().map(Reference::table).sorted().toList();
    }

    /** Table name to the module whose migrations create it. */
    static Map<String, String> owners() throws IOException {
        var owners = new TreeMap<String, String>();
        var twice = new ArrayList<String>();
        for (var folder : migrationFolders()) {
            for (var file : sqlFiles(MIGRATIONS.resolve(folder))) {
                Matcher m = CREATE_TABLE.matcher(blankNoise(Files.readString(file)));
                while (m.find()) {
                    String table = m.group(1).toLowerCase();
                    String before = owners.put(table, folder);
                    if (before != null && !before.equals(folder)) {
                        twice.add(table + " (" + before + ", " + folder + ")");
                    }
                    if (MODULITH_TABLES.contains(table)) {
                        twice.add(table + " (Spring Modulith's, created in " + file + ")");
                    }
                }
            }
        }
        assertThat(twice).as("tables created by more than one module").isEmpty();
        assertThat(owners).as("tables found in %s", MIGRATIONS).isNotEmpty();
        return owners;
    }

    /** The known tables that {@code sql} names, with their offsets. */
    static List<Reference> references(String sql, Set<String> tables) {
        String text = blankNoise(sql);
        var refs = new ArrayList<Reference>();
        Matcher m = NAMED_AFTER_KEYWORD.matcher(text);
        while (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null && tables.contains(m.group(g).toLowerCase())) {
                    refs.add(new Reference(m.group(g).toLowerCase(), m.start(g)));
                }
            }
        }
        Matcher from = FROM_LIST.matcher(text);
        while (from.find()) {
            int start = from.start(1);
            for (String item : from.group(1).split(",", -1)) {
                Matcher name = FROM_ITEM.matcher(item);
                if (name.find() && tables.contains(name.group(1).toLowerCase())) {
                    refs.add(new Reference(name.group(1).toLowerCase(), start + name.start(1)));
                }
                start += item.length() + 1;
            }
        }
        return refs;
    }

    static boolean isSql(String literal) {
        return SQL_STATEMENT.matcher(literal).find()
                || SQL_FRAGMENT.matcher(literal).find();
    }

    private static String blankNoise(String sql) {
        var out = new StringBuilder(sql);
        Matcher m = SQL_NOISE.matcher(sql);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) {
                if (out.charAt(i) != '\n') {
                    out.setCharAt(i, ' ');
                }
            }
        }
        return out.toString();
    }

    /**
     * The string literals and text blocks of a Java source, with their offsets; those inside
     * annotations ({@code @Operation(description = "...")}) are prose and left out.
     */
    static List<Literal> literals(String src) {
        var out = new ArrayList<Literal>();
        int parens = 0;
        var annotationDepths = new ArrayList<Integer>();
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (src.startsWith("//", i)) {
                int end = src.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (src.startsWith("\"\"\"", i)) {
                int j = i + 3;
                while (j < n && !src.startsWith("\"\"\"", j)) {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                if (annotationDepths.isEmpty()) {
                    out.add(new Literal(src.substring(i + 3, Math.min(j, n)), i + 3));
                }
                i = j + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && src.charAt(j) != c) {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                if (c == '"' && annotationDepths.isEmpty()) {
                    out.add(new Literal(src.substring(i + 1, Math.min(j, n)), i + 1));
                }
                i = j + 1;
            } else if (c == '@' && i + 1 < n && Character.isJavaIdentifierStart(src.charAt(i + 1))) {
                int j = i + 1;
                while (j < n && (Character.isJavaIdentifierPart(src.charAt(j)) || src.charAt(j) == '.')) {
                    j++;
                }
                while (j < n && Character.isWhitespace(src.charAt(j))) {
                    j++;
                }
                if (j < n && src.charAt(j) == '(') {
                    annotationDepths.add(parens);
                    parens++;
                    j++;
                }
                i = j;
            } else {
                if (c == '(') {
                    parens++;
                } else if (c == ')') {
                    parens--;
                    if (!annotationDepths.isEmpty() && annotationDepths.getLast() == parens) {
                        annotationDepths.removeLast();
                    }
                }
                i++;
            }
        }
        return out;
    }

    /** Modules: the packages directly under io.strideline. */
    static Set<String> modules() throws IOException {
        return folders(JAVA);
    }

    static Set<String> migrationFolders() throws IOException {
        return folders(MIGRATIONS);
    }

    private static Set<String> folders(Path parent) throws IOException {
        try (Stream<Path> list = Files.list(parent)) {
            var names = new TreeSet<String>();
            list.filter(Files::isDirectory)
                    .forEach(p -> names.add(p.getFileName().toString()));
            return names;
        }
    }

    private static List<Path> javaFiles(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static List<Path> sqlFiles(Path folder) {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
