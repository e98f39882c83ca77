package io.jenkins.plugins.acp.staticchecks;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import hudson.Extension;
import hudson.RelativePath;
import hudson.model.Describable;
import hudson.model.Descriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.SAXParserFactory;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

import org.kohsuke.stapler.verb.POST;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Static checks of compiled plugin classes and Jelly views. Each returns the list of violations (empty = fine);
 * the same checks run on the real plugin ({@code PluginStaticChecksTest}) and on deliberately bad and good
 * fixtures ({@code PluginStaticChecksFixturesTest}), so each is shown able to fail.
 */
final class PluginChecks {
    private static final Set<String> PERMISSION_CHECKS = Set.of("checkPermission", "hasPermission",
            "checkAnyPermission", "hasAnyPermission");
    private static final Pattern ESCAPE_BY_DEFAULT = Pattern.compile(
            "\\A\\s*(<\\?xml[^>]*\\?>\\s*)?(<!--.*?-->\\s*)*<\\?jelly\\s+escape-by-default\\s*=\\s*(['\"])true\\3\\s*\\?>",
            Pattern.DOTALL);

    private PluginChecks() {
    }

    // ---------------------------------------------------------------- loading

    static Path classesRoot(Class<?> anyClassThere) {
        try {
            return Path.of(anyClassThere.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** All compiled classes under {@code root}/{@code packageName} (recursively). */
    static List<Class<?>> classes(Path root, String packageName) throws IOException {
        Path dir = root.resolve(packageName.replace('.', '/'));
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.endsWith("package-info.class"))
                    .sorted()
                    .map(p -> load(p.substring(0, p.length() - 6).replace('/', '.')))
                    .collect(Collectors.toList());
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PluginChecks.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- data binding

    /** Every property bound by a @DataBoundConstructor parameter or a @DataBoundSetter has a public getter of the same type. */
    static List<String> dataBoundPropertiesHaveGetters(List<Class<?>> classes) {
        List<String> violations = new ArrayList<>();
        for (Class<?> c : classes) {
            for (Constructor<?> ctor : c.getDeclaredConstructors()) {
                if (!ctor.isAnnotationPresent(DataBoundConstructor.class)) {
                    continue;
                }
                Type[] types = ctor.getGenericParameterTypes();
                Parameter[] params = ctor.getParameters();
                for (int i = 0; i < params.length; i++) {
                    if (!params[i].isNamePresent()) {
                        violations.add(c.getName() + ": @DataBoundConstructor parameter names not compiled in (need -parameters)");
                        break;
                    }
                    requireGetter(c, params[i].getName(), types.length == params.length ? types[i] : params[i].getType(),
                            "@DataBoundConstructor parameter", violations);
                }
            }
            for (Method setter : c.getDeclaredMethods()) {
                if (setter.isAnnotationPresent(DataBoundSetter.class)) {
                    String name = setter.getName();
                    if (!name.startsWith("set") || name.length() == 3 || setter.getParameterCount() != 1) {
                        violations.add(c.getName() + "." + name + ": @DataBoundSetter must be setX(value)");
                        continue;
                    }
                    String property = Character.toLowerCase(name.charAt(3)) + name.substring(4);
                    requireGetter(c, property, setter.getGenericParameterTypes()[0], "@DataBoundSetter", violations);
                }
            }
        }
        return violations;
    }

    private static void requireGetter(Class<?> c, String property, Type type, String boundBy, List<String> violations) {
        Optional<Method> getter = getter(c, property);
        if (getter.isEmpty()) {
            violations.add(c.getName() + ": " + boundBy + " '" + property + "' has no public getter");
        } else if (!getter.get().getGenericReturnType().equals(type)) {
            violations.add(c.getName() + ": " + boundBy + " '" + property + "' is " + type.getTypeName()
                    + " but its getter returns " + getter.get().getGenericReturnType().getTypeName());
        }
    }

    static Optional<Method> getter(Class<?> c, String property) {
        String suffix = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (String name : List.of("get" + suffix, "is" + suffix)) {
            try {
                Method m = c.getMethod(name);
                if (!Modifier.isStatic(m.getModifiers()) && (name.startsWith("get")
                        || m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class)) {
                    return Optional.of(m);
                }
            } catch (NoSuchMethodException e) {
                // try the next form
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- descriptors

    /** Every concrete Describable has a descriptor (nested, or separate naming it) annotated @Extension and @Symbol. */
    static List<String> describablesHaveSymbolicExtensionDescriptors(List<Class<?>> classes, Path classesRoot) throws IOException {
        List<String> violations = new ArrayList<>();
        for (Class<?> c : classes) {
            if (!Describable.class.isAssignableFrom(c) || c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
                continue;
            }
            List<Class<?>> descriptors = new ArrayList<>();
            if (Descriptor.class.isAssignableFrom(c)) {
                descriptors.add(c); // e.g. GlobalConfiguration: its own descriptor
            } else {
                Arrays.stream(c.getDeclaredClasses()).filter(Descriptor.class::isAssignableFrom)
                        .filter(d -> !Modifier.isAbstract(d.getModifiers())).forEach(descriptors::add);
                for (Class<?> d : classes) {
                    if (Descriptor.class.isAssignableFrom(d) && d.getEnclosingClass() != c
                            && !Modifier.isAbstract(d.getModifiers()) && referencesClassLiteral(classesRoot, d, c)) {
                        descriptors.add(d);
                    }
                }
            }
            if (descriptors.isEmpty()) {
                violations.add(c.getName() + ": Describable without a Descriptor (nested, or separate passing "
                        + c.getSimpleName() + ".class)");
            }
            for (Class<?> d : descriptors) {
                if (!d.isAnnotationPresent(Extension.class)) {
                    violations.add(d.getName() + ": descriptor of " + c.getName() + " is not annotated @Extension");
                }
                if (!d.isAnnotationPresent(Symbol.class)) {
                    violations.add(d.getName() + ": descriptor of " + c.getName() + " is not annotated @Symbol");
                }
            }
        }
        return violations;
    }

    private static boolean referencesClassLiteral(Path root, Class<?> in, Class<?> literal) {
        return archClass(in).getConstructors().stream().flatMap(c -> c.getReferencedClassObjects().stream())
                .anyMatch(r -> r.getRawType().getName().equals(literal.getName()));
    }

    private static JavaClass archClass(Class<?> c) {
        return new ClassFileImporter().importClass(c);
    }

    // ---------------------------------------------------------------- web methods

    /** Every doCheck* / doFill* method is public, annotated @POST, and its body calls a permission check. */
    static List<String> formMethodsArePostAndCheckPermission(List<Class<?>> classes, Path classesRoot) throws IOException {
        List<String> violations = new ArrayList<>();
        for (Class<?> c : classes) {
            Set<String> checking = methodsCallingPermissionChecks(classesRoot, c);
            for (Method m : c.getDeclaredMethods()) {
                String name = m.getName();
                if (m.isSynthetic() || !(name.startsWith("doCheck") || name.startsWith("doFill"))) {
                    continue;
                }
                String where = c.getName() + "." + name;
                if (!Modifier.isPublic(m.getModifiers())) {
                    violations.add(where + ": form method is not public");
                }
                if (!m.isAnnotationPresent(POST.class)) {
                    violations.add(where + ": form method is not annotated @POST");
                }
                if (!checking.contains(name + descriptor(m))) {
                    violations.add(where + ": form method does not call checkPermission/hasPermission");
                }
            }
        }
        return violations;
    }

    /** The methods of {@code c} (name and JVM descriptor) that call one of the permission checks. */
    private static String descriptor(Method m) {
        StringBuilder d = new StringBuilder("(");
        for (Class<?> p : m.getParameterTypes()) {
            d.append(p.descriptorString());
        }
        return d.append(')').append(m.getReturnType().descriptorString()).toString();
    }

    private static Set<String> methodsCallingPermissionChecks(Path root, Class<?> c) {
        Set<String> result = new HashSet<>();
        for (JavaMethod m : archClass(c).getMethods()) {
            if (m.getMethodCallsFromSelf().stream().anyMatch(call -> PERMISSION_CHECKS.contains(call.getName()))) {
                result.add(m.getName() + m.getDescriptor());
            }
        }
        return result;
    }

    /**
     * Every named {@code @QueryParameter} of a form method of a nested descriptor names a property the form sends
     * with it: one of the described class, or, through {@code @RelativePath}, of the section it points to (a field
     * of another section arrives as null otherwise).
     */
    static List<String> formMethodParametersAreInReach(List<Class<?>> classes) {
        List<String> violations = new ArrayList<>();
        for (Class<?> c : classes) {
            Class<?> described = c.getEnclosingClass();
            if (!Descriptor.class.isAssignableFrom(c) || described == null) {
                continue;
            }
            for (Method m : c.getDeclaredMethods()) {
                if (m.isSynthetic() || !(m.getName().startsWith("doCheck") || m.getName().startsWith("doFill"))) {
                    continue;
                }
                for (Parameter p : m.getParameters()) {
                    QueryParameter q = p.getAnnotation(QueryParameter.class);
                    String name = q == null ? null : q.value().isEmpty() ? p.getName() : q.value();
                    if (name == null || name.equals("value")) {
                        continue;
                    }
                    RelativePath relative = p.getAnnotation(RelativePath.class);
                    Optional<Class<?>> owner = relative == null ? Optional.of(described)
                            : getter(described, relative.value()).map(Method::getReturnType);
                    if (owner.isEmpty() || getter(owner.get(), name).isEmpty()) {
                        violations.add(c.getName() + "." + m.getName() + ": parameter '" + name + "' is not a property of "
                                + (relative == null ? described.getSimpleName()
                                        : "'" + relative.value() + "' of " + described.getSimpleName())
                                + (relative == null ? " (a field of a nested section needs @RelativePath)" : ""));
                    }
                }
            }
        }
        return violations;
    }

    // ---------------------------------------------------------------- Jelly

    /** The plugin's description page exists: maven-hpi-plugin's {@code hpi} goal fails without it. */
    static List<String> indexJellyExists(Path resources) {
        return Files.isRegularFile(resources.resolve("index.jelly")) ? List.of()
                : List.of("index.jelly is missing (the plugin's description; maven-hpi-plugin's hpi goal needs it)");
    }

    /** Jelly files under {@code resources}/{@code packageName} (views are resolved relative to {@code resources}). */
    static List<Path> jellyFiles(Path resources, String packageName) throws IOException {
        Path dir = resources.resolve(packageName.replace('.', '/'));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".jelly")).sorted().toList();
        }
    }

    /** Every Jelly file starts with escape-by-default='true' and has no inline script (script only with src=, no on*=). */
    static List<String> jellyIsEscapedAndScriptFree(Path resources, String packageName) throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : jellyFiles(resources, packageName)) {
            String where = resources.relativize(file).toString();
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (!ESCAPE_BY_DEFAULT.matcher(text).find()) {
                violations.add(where + ": does not start with <?jelly escape-by-default='true'?>");
            }
            parse(file, where, violations, new JellyVisitor() {
                @Override
                void element(String qName, Attributes attributes, String bodyText) {
                    String local = qName.substring(qName.indexOf(':') + 1).toLowerCase(Locale.ROOT);
                    if ("script".equals(local) && (attributes.getValue("src") == null || !bodyText.isBlank())) {
                        violations.add(where + ": inline <" + qName + "> (only <script src=...> is allowed, CSP)");
                    }
                    for (int i = 0; i < attributes.getLength(); i++) {
                        if (attributes.getQName(i).toLowerCase(Locale.ROOT).matches("on[a-z]+")) {
                            violations.add(where + ": inline event handler " + attributes.getQName(i) + "= on <" + qName + "> (CSP)");
                        }
                    }
                }
            });
        }
        return violations;
    }

    /** Every field="x" in a config.jelly names a property (public getter) of the class the view belongs to. */
    static List<String> configJellyFieldsArePropertiesOfTheirClass(Path resources, String packageName) throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : jellyFiles(resources, packageName)) {
            if (!"config.jelly".equals(file.getFileName().toString())) {
                continue;
            }
            String where = resources.relativize(file).toString();
            Optional<Class<?>> owner = viewOwner(resources.relativize(file.getParent()).toString().replace('\\', '/'));
            if (owner.isEmpty()) {
                violations.add(where + ": no class " + file.getParent().getFileName() + " for this view");
                continue;
            }
            parse(file, where, violations, new JellyVisitor() {
                @Override
                void element(String qName, Attributes attributes, String bodyText) {
                    String field = attributes.getValue("field");
                    if (field != null && getter(owner.get(), field).isEmpty()) {
                        violations.add(where + ": field=\"" + field + "\" is not a property (public getter) of "
                                + owner.get().getName());
                    }
                }
            });
        }
        return violations;
    }

    /**
     * Every {@code help-<field>.html} beside a config.jelly is shown: an {@code <f:entry>} (or optional block) of that
     * view names the field. Jenkins shows no help for a field rendered only inside {@code <f:section>}/{@code
     * <f:property>}, so such a file would be dead text.
     */
    static List<String> helpFilesAreShown(Path resources, String packageName) throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : jellyFiles(resources, packageName)) {
            if (!"config.jelly".equals(file.getFileName().toString())) {
                continue;
            }
            String where = resources.relativize(file).toString();
            Set<String> shown = new HashSet<>();
            parse(file, where, violations, new JellyVisitor() {
                @Override
                void element(String qName, Attributes attributes, String bodyText) {
                    String local = qName.substring(qName.indexOf(':') + 1);
                    if (("entry".equals(local) || "optionalBlock".equals(local)) && attributes.getValue("field") != null) {
                        shown.add(attributes.getValue("field"));
                    }
                }
            });
            try (Stream<Path> files = Files.list(file.getParent())) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("help-") && n.endsWith(".html"))
                        .map(n -> n.substring(5, n.length() - 5)).filter(f -> !shown.contains(f)).sorted()
                        .forEach(f -> violations.add(resources.relativize(file.getParent()) + "/help-" + f
                                + ".html is never shown: no <f:entry field=\"" + f + "\"> in config.jelly"));
            }
        }
        return violations;
    }

    /** {@code a/b/Outer/Inner} is the view folder of {@code a.b.Outer$Inner} or {@code a.b.Outer.Inner}. */
    private static Optional<Class<?>> viewOwner(String folder) {
        String dotted = folder.replace('/', '.');
        for (int nested = 0; nested <= dotted.chars().filter(ch -> ch == '.').count(); nested++) {
            String candidate = dotted;
            for (int i = 0; i < nested; i++) {
                int dot = candidate.lastIndexOf('.');
                candidate = candidate.substring(0, dot) + '$' + candidate.substring(dot + 1);
            }
            try {
                return Optional.of(Class.forName(candidate, false, PluginChecks.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                // try one more nesting level
            }
        }
        return Optional.empty();
    }

    private abstract static class JellyVisitor {
        abstract void element(String qName, Attributes attributes, String bodyText);
    }

    private static void parse(Path file, String where, List<String> violations, JellyVisitor visitor) {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.newSAXParser().parse(file.toFile(), new DefaultHandler() {
                private final List<StringBuilder> bodies = new ArrayList<>();
                private final List<Object[]> open = new ArrayList<>();

                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes) {
                    open.add(new Object[] {qName, new org.xml.sax.helpers.AttributesImpl(attributes)});
                    bodies.add(new StringBuilder());
                }

                @Override
                public void characters(char[] ch, int start, int length) {
                    if (!bodies.isEmpty()) {
                        bodies.get(bodies.size() - 1).append(ch, start, length);
                    }
                }

                @Override
                public void endElement(String uri, String localName, String qName) {
                    Object[] element = open.remove(open.size() - 1);
                    String body = bodies.remove(bodies.size() - 1).toString();
                    visitor.element((String) element[0], (Attributes) element[1], body);
                }
            });
        } catch (SAXException | IOException | javax.xml.parsers.ParserConfigurationException e) {
            violations.add(where + ": not well-formed XML: " + e.getMessage());
        }
    }

}
