package io.jenkins.plugins.acp.jenkinsapi.check;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Loads every compiled class under a class-path directory (optionally below one package). */
final class CompiledClasses {
    private CompiledClasses() {
    }

    static Path rootOf(Class<?> anyClassThere) {
        try {
            return Path.of(anyClassThere.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Class<?>> under(Path root, String packageName) throws IOException {
        Path dir = packageName.isEmpty() ? root : root.resolve(packageName.replace('.', '/'));
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.endsWith("package-info.class") && !p.endsWith("module-info.class"))
                    .sorted()
                    .map(p -> load(p.substring(0, p.length() - ".class".length()).replace('/', '.')))
                    .collect(Collectors.toList());
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, CompiledClasses.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The jenkins-api's list of interfaces the plugin only consumes (never implements). */
    static Set<String> consumerOnlyTypes() throws IOException {
        try (InputStream in = CompiledClasses.class.getResourceAsStream("/io/jenkins/plugins/acp/jenkinsapi/consumer-only-types.txt")) {
            if (in == null) {
                throw new IOException("consumer-only-types.txt missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
        }
    }
}
