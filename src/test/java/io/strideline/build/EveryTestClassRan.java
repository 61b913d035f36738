package io.strideline.build;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A build check, run by Maven after Surefire ({@code verify} phase): every concrete class under
 * {@code target/test-classes} that declares or inherits a test method must have a Surefire report.
 * A test class that Surefire never picked up (a name no include pattern matches, a static nested
 * class, an exclude) fails the build here instead of silently not running.
 *
 * <p>A test method is one with an annotation that is, or is meta-annotated with, JUnit's
 * {@code @Testable}: {@code @Test}, {@code @ParameterizedTest}, {@code @RepeatedTest},
 * {@code @TestFactory}, {@code @TestTemplate}, jqwik's {@code @Property} and {@code @Example}.
 *
 * <p>Skipped when a run selects tests ({@code -Dtest=...}) or skips them ({@code -DskipTests},
 * {@code -Dmaven.test.skip}).
 */
public final class EveryTestClassRan {

    private static final Set<String> TEST_ANNOTATIONS = Set.of(
            "org.junit.jupiter.api.Test",
            "org.junit.jupiter.params.ParameterizedTest",
            "org.junit.jupiter.api.RepeatedTest",
            "org.junit.jupiter.api.TestFactory",
            "org.junit.jupiter.api.TestTemplate",
            "net.jqwik.api.Property",
            "net.jqwik.api.Example");
    private static final String TESTABLE = "org.junit.platform.commons.annotation.Testable";
    private static final Pattern SUITE_NAME = Pattern.compile("<testsuite\\b[^>]*?\\bname=\"([^\"]+)\"");

    private EveryTestClassRan() {}

    public static void main(String[] args) throws IOException, ClassNotFoundException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: EveryTestClassRan <test-classes dir> <surefire-reports dir>");
        }
        for (String selecting : List.of("test", "skipTests", "maven.test.skip")) {
            String value = System.getProperty(selecting);
            if (value != null && !value.equals("false")) {
                System.out.println("[EveryTestClassRan] skipped: -D" + selecting + " is set");
                return;
            }
        }
        List<String> missing = missing(Path.of(args[0]), Path.of(args[1]));
        if (!missing.isEmpty()) {
            // an exception (not System.exit) fails exec:java's goal and so the build
            throw new IllegalStateException("test classes that Surefire did not run (check its <includes>/<excludes>"
                    + " and the class names): " + String.join(", ", missing));
        }
        System.out.println("[EveryTestClassRan] every test class under " + args[0] + " has a Surefire report");
    }

    /** Names of the test classes under {@code classes} that have no report in {@code reports}. */
    static List<String> missing(Path classes, Path reports) throws IOException, ClassNotFoundException {
        if (!Files.isDirectory(classes)) {
            return List.of();
        }
        Set<String> ran = reported(reports);
        var loader = Thread.currentThread().getContextClassLoader();
        var missing = new TreeSet<String>();
        for (String name : classNames(classes)) {
            Class<?> type = Class.forName(name, false, loader);
            if (type.isInterface()
                    || type.isAnnotation()
                    || type.isEnum()
                    || Modifier.isAbstract(type.getModifiers())
                    || type.isAnonymousClass()
                    || type.isLocalClass()
                    || !hasTestMethods(type)) {
                continue;
            }
            if (!ranAsItselfOrWithin(type, ran)) {
                missing.add(name);
            }
        }
        return new ArrayList<>(missing);
    }

    /** Inner (non-static) classes such as {@code @Nested} run with their enclosing class. */
    private static boolean ranAsItselfOrWithin(Class<?> type, Set<String> ran) {
        for (Class<?> c = type; c != null; c = Modifier.isStatic(c.getModifiers()) ? null : c.getEnclosingClass()) {
            if (ran.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> reported(Path reports) throws IOException {
        var names = new HashSet<String>();
        if (!Files.isDirectory(reports)) {
            return names;
        }
        try (Stream<Path> files = Files.list(reports)) {
            for (Path file : files.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.startsWith("TEST-") && n.endsWith(".xml");
                    })
                    .toList()) {
                String n = file.getFileName().toString();
                names.add(n.substring("TEST-".length(), n.length() - ".xml".length()));
                var suite = SUITE_NAME.matcher(Files.readString(file));
                if (suite.find()) {
                    names.add(suite.group(1));
                }
            }
        }
        return names;
    }

    private static List<String> classNames(Path classes) throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString())
                    .filter(n -> !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length())
                            .replace('/', '.')
                            .replace('\\', '.'))
                    .sorted()
                    .toList();
        }
    }

    /** Declared or inherited (superclasses, interfaces' default methods) test methods. */
    static boolean hasTestMethods(Class<?> type) {
        var seen = new HashSet<Class<?>>();
        var todo = new ArrayList<Class<?>>();
        todo.add(type);
        while (!todo.isEmpty()) {
            Class<?> c = todo.removeLast();
            if (c == null || c == Object.class || !seen.add(c)) {
                continue;
            }
            for (Method m : c.getDeclaredMethods()) {
                for (Annotation a : m.getDeclaredAnnotations()) {
                    if (isTestAnnotation(a.annotationType(), new HashSet<>())) {
                        return true;
                    }
                }
            }
            todo.add(c.getSuperclass());
            todo.addAll(List.of(c.getInterfaces()));
        }
        return false;
    }

    private static boolean isTestAnnotation(Class<? extends Annotation> type, Set<Class<?>> seen) {
        if (TEST_ANNOTATIONS.contains(type.getName()) || type.getName().equals(TESTABLE)) {
            return true;
        }
        if (!seen.add(type)) {
            return false;
        }
        for (Annotation meta : type.getDeclaredAnnotations()) {
            if (isTestAnnotation(meta.annotationType(), seen)) {
                return true;
            }
        }
        return false;
    }
}
