package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/DESIGN.md ("The map"), checked against the compiled classes with the JDK's class-file API:
 * every type a class names (constant pool classes, and every type inside descriptors and generic signatures)
 * is a dependency. A rule broken by a new import fails here with the class and the type it named.
 */
class ArchitectureTest {
    private static final String ROOT = "dev.switchboard";
    /** Packages every feature may use and that use no feature: the toolkit and the model of who is calling. */
    private static final Set<String> FOUNDATION =
            Set.of("problem", "json", "input", "paging", "auth", "config", "limits", "store", "web", "files");
    /** Transports: the only places that may speak HTTP (Javalin/Jetty), besides each feature's routes class. */
    private static final Set<String> TRANSPORTS = Set.of("api", "web", "mcp", "dashboard");
    private static final Set<String> JDBC = Set.of("java.sql.Connection", "java.sql.PreparedStatement",
            "java.sql.ResultSet", "java.sql.Statement", "java.sql.DriverManager", "javax.sql.DataSource");
    private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L([a-zA-Z0-9_/$]+)[;<]");

    /** Class name → the class names it depends on (ours and others'). */
    private static final Map<String, Set<String>> deps = new TreeMap<>();
    private static final Map<String, Integer> longestMethod = new HashMap<>();

    @BeforeAll
    static void readClasses() throws IOException, URISyntaxException {
        // Ours only: target/classes also holds picocli's classes in a newer class file format (src/build/UpgradeClassFiles.java).
        Path classes = Path.of(Switchboard.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev").resolve("switchboard");
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(p -> p.toString().endsWith(".class")).forEach(ArchitectureTest::read);
        }
        assertThat(deps).as("compiled classes under " + classes).hasSizeGreaterThan(100);
    }

    private static void read(Path file) {
        ClassModel model;
        try {
            model = ClassFile.of().parse(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = model.thisClass().asInternalName().replace('/', '.');
        var named = new TreeSet<String>();
        for (var entry : model.constantPool()) {
            if (entry instanceof ClassEntry c && !c.asInternalName().startsWith("[")) {
                named.add(c.asInternalName().replace('/', '.'));
            } else if (entry instanceof Utf8Entry u) {
                var m = DESCRIPTOR_TYPE.matcher(u.stringValue());
                while (m.find()) named.add(m.group(1).replace('/', '.'));
            }
        }
        named.remove(name);
        deps.put(name, named);
        for (MethodModel method : model.methods()) {
            method.code().flatMap(code -> code.findAttribute(Attributes.lineNumberTable())).ifPresent(table -> {
                int min = Integer.MAX_VALUE;
                int max = 0;
                for (var line : table.lineNumbers()) {
                    min = Math.min(min, line.lineNumber());
                    max = Math.max(max, line.lineNumber());
                }
                String m = method.methodName().stringValue();
                // A static initializer's span is that of the class's static fields, not the length of a method.
                if (!m.startsWith("lambda$") && !m.equals("<clinit>")) {
                    longestMethod.merge(name + "#" + method.methodName().stringValue(), max - min + 1, Math::max);
                }
            });
        }
    }

    /** {@code dev.switchboard.store.sqlite.X$Y} → {@code store.sqlite}; the root package is "". */
    private static String pkg(String className) {
        String p = className.substring(0, Math.max(0, className.lastIndexOf('.')));
        return p.equals(ROOT) ? "" : p.substring(ROOT.length() + 1);
    }

    private static String top(String pkg) {
        int dot = pkg.indexOf('.');
        return dot < 0 ? pkg : pkg.substring(0, dot);
    }

    private static String simple(String className) {
        String s = className.substring(className.lastIndexOf('.') + 1);
        int nested = s.indexOf('$');
        return nested < 0 ? s : s.substring(0, nested);
    }

    private static boolean ours(String className) {
        return className.startsWith(ROOT + ".");
    }

    @Test
    void the_package_graph_has_no_cycle() {
        Map<String, Set<String>> graph = new TreeMap<>();
        deps.forEach((cls, named) -> {
            var edges = graph.computeIfAbsent(pkg(cls), k -> new TreeSet<>());
            named.stream().filter(ArchitectureTest::ours).map(ArchitectureTest::pkg)
                    .filter(p -> !p.equals(pkg(cls))).forEach(edges::add);
        });
        assertThat(PackageCycles.find(graph)).as("package cycles (each line is one strongly connected set)").isEmpty();
    }

    @Test
    void the_toolkit_and_foundation_packages_import_no_feature() {
        assertNoDependency(cls -> FOUNDATION.contains(top(pkg(cls))) && !pkg(cls).startsWith("store."),
                dep -> ours(dep) && !FOUNDATION.contains(top(pkg(dep))),
                "a foundation package (" + FOUNDATION + ") uses a feature");
    }

    @Test
    void only_transports_and_routes_classes_speak_http() {
        assertNoDependency(cls -> !TRANSPORTS.contains(top(pkg(cls))) && !simple(cls).endsWith("Routes")
                        && !pkg(cls).equals("cli") && !pkg(cls).isEmpty(),
                dep -> dep.startsWith("io.javalin.") || dep.startsWith("org.eclipse.jetty.") || dep.startsWith("jakarta.servlet."),
                "Javalin/Jetty outside the transports (api, web, mcp, dashboard) and *Routes classes");
    }

    @Test
    void only_stores_run_sql() {
        assertNoDependency(cls -> !top(pkg(cls)).equals("store"), JDBC::contains,
                "JDBC statements outside store/");
    }

    @Test
    void routes_call_services_never_stores() {
        assertNoDependency(cls -> simple(cls).endsWith("Routes"),
                dep -> ours(dep) && (simple(dep).endsWith("Store") || pkg(dep).startsWith("store")),
                "a routes class reaching past its service into a store");
    }

    @Test
    void the_mcp_transport_calls_services_never_stores() {
        assertNoDependency(cls -> top(pkg(cls)).equals("mcp"),
                dep -> ours(dep) && (simple(dep).endsWith("Store") || pkg(dep).startsWith("store")),
                "the MCP transport reaching past a service into a store");
    }

    @Test
    void stores_neither_publish_events_nor_call_services() {
        assertNoDependency(cls -> pkg(cls).startsWith("store"),
                dep -> ours(dep) && (Set.of("EventLog", "EventHub").contains(simple(dep))
                        || simple(dep).endsWith("Service") || simple(dep).endsWith("Routes")),
                "a store publishing events or calling a service/routes");
    }

    @Test
    void nothing_depends_on_the_command_line() {
        assertNoDependency(cls -> !pkg(cls).equals("cli"), dep -> ours(dep) && pkg(dep).equals("cli"),
                "the CLI is a client of the server, never a dependency of it");
    }

    @Test
    void no_method_is_longer_than_sixty_lines() {
        var tooLong = new TreeMap<String, Integer>();
        longestMethod.forEach((method, lines) -> {
            if (lines > 60) tooLong.put(method, lines);
        });
        assertThat(tooLong).as("methods over 60 lines (line span of their code)").isEmpty();
    }

    @Test
    void no_source_file_is_longer_than_four_hundred_lines() throws IOException {
        var tooLong = new TreeMap<String, Long>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                long lines;
                try (var l = Files.lines(p)) {
                    lines = l.count();
                }
                if (lines > 400) tooLong.put(p.toString(), lines);
            }
        }
        assertThat(tooLong).as("source files over 400 lines").isEmpty();
    }

    private static void assertNoDependency(java.util.function.Predicate<String> from,
                                           java.util.function.Predicate<String> to, String rule) {
        List<String> violations = new ArrayList<>();
        deps.forEach((cls, named) -> {
            if (!ours(cls) || !from.test(cls)) return;
            for (String dep : named) if (to.test(dep)) violations.add(cls + " -> " + dep);
        });
        assertThat(violations).as(rule).isEmpty();
    }
}
