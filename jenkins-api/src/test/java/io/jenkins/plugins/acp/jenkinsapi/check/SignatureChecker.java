package io.jenkins.plugins.acp.jenkinsapi.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks compiled declarations of Jenkins API types against {@link ApiSignatures}: every public or protected type
 * and member we declare must exist in the real API with the same shape, must not be restricted, and every abstract
 * member of a type the plugin may extend must be declared (otherwise the plugin would compile without implementing
 * it and fail at run time with AbstractMethodError).
 */
public final class SignatureChecker {
    private static final Pattern RESTRICTED = Pattern.compile("Restricted[\\s\\S]*\\((NoExternalUse|DoNotUse|Beta)\\.class\\)");
    private static final Set<String> OBJECT_METHODS = Set.of("equals(java.lang.Object)", "hashCode()", "toString()");

    private final ApiSignatures api;
    private final UnaryOperator<String> nameMapper;
    private final Set<String> consumerOnly;
    private final List<String> offenders = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int typesChecked;
    private int membersChecked;

    /**
     * @param nameMapper maps a compiled class name to the Jenkins name it declares (identity for the real
     *                   declarations; strips a package prefix for test fixtures)
     * @param consumerOnly Jenkins interfaces the plugin only consumes (skipped by the completeness check)
     */
    public SignatureChecker(ApiSignatures api, UnaryOperator<String> nameMapper, Set<String> consumerOnly) {
        this.api = api;
        this.nameMapper = nameMapper;
        this.consumerOnly = consumerOnly;
    }

    public SignatureChecker check(Collection<Class<?>> classes) {
        classes.stream().filter(c -> !c.isSynthetic() && !c.isAnonymousClass()).forEach(this::checkType);
        return this;
    }

    public List<String> offenders() {
        return List.copyOf(offenders);
    }

    /** Non-fatal remarks (deprecated API in use). */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    public int typesChecked() {
        return typesChecked;
    }

    public int membersChecked() {
        return membersChecked;
    }

    private void checkType(Class<?> c) {
        String name = nameMapper.apply(c.getName());
        typesChecked++;
        if (!Modifier.isPublic(c.getModifiers()) && !Modifier.isProtected(c.getModifiers())) {
            offenders.add(name + ": declared type is neither public nor protected (declare only real API)");
            return;
        }
        JsonNode real = api.type(name).orElse(null);
        if (real == null) {
            offenders.add(name + ": no such type in the Jenkins API");
            return;
        }
        String kind = kindOf(c);
        if (!kind.equals(real.path("kind").asText())) {
            offenders.add(name + ": declared as " + kind + " but is a " + real.path("kind").asText());
            return;
        }
        Set<String> realMods = texts(real.path("modifiers"));
        if ("class".equals(kind)) {
            compareModifier(name, "abstract", Modifier.isAbstract(c.getModifiers()), realMods.contains("abstract"));
            compareModifier(name, "final", Modifier.isFinal(c.getModifiers()), realMods.contains("final"));
            if (c.getEnclosingClass() != null) {
                compareModifier(name, "static", Modifier.isStatic(c.getModifiers()), realMods.contains("static"));
            }
        }
        int realTypeParams = real.path("typeParameters").size();
        if (c.getTypeParameters().length != realTypeParams) {
            offenders.add(name + ": declares " + c.getTypeParameters().length + " type parameter(s), real has " + realTypeParams);
        }
        checkRestricted(name, real);
        checkSupertypes(c, name);
        if ("annotation".equals(kind)) {
            checkAnnotationMeta(c, name, real);
        }
        if ("enum".equals(kind)) {
            Set<String> constants = texts(real.path("constants"));
            for (Object constant : c.getEnumConstants()) {
                membersChecked++;
                if (!constants.contains(((Enum<?>) constant).name())) {
                    offenders.add(name + "." + ((Enum<?>) constant).name() + ": no such enum constant");
                }
            }
        }
        for (Constructor<?> ctor : c.getDeclaredConstructors()) {
            if (isApi(ctor.getModifiers()) && !ctor.isSynthetic()) {
                checkExecutable(name, real, ctor, "constructor", "<init>");
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (isApi(m.getModifiers()) && !m.isSynthetic() && !m.isBridge() && !isImplicitEnumMethod(c, m)) {
                if ("annotation".equals(kind)) {
                    checkElement(name, real, m);
                } else {
                    checkExecutable(name, real, m, "method", m.getName());
                }
            }
        }
        for (Field f : c.getDeclaredFields()) {
            if (isApi(f.getModifiers()) && !f.isSynthetic() && !f.isEnumConstant()) {
                checkField(name, real, f);
            }
        }
        if ("annotation".equals(kind)) {
            checkRequiredElements(c, name, real);
        } else if (mayBeExtendedByPlugin(c, name)) {
            checkAbstractCompleteness(c, name);
        }
    }

    private void checkSupertypes(Class<?> c, String name) {
        Set<String> realSupers = api.supertypeClosure(name);
        List<Class<?>> declared = new ArrayList<>(Arrays.asList(c.getInterfaces()));
        if (c.getSuperclass() != null && !c.isEnum() && !c.isRecord()) {
            declared.add(0, c.getSuperclass());
        }
        for (Class<?> s : declared) {
            String superName = nameMapper.apply(s.getName());
            if (c.isAnnotation() && "java.lang.annotation.Annotation".equals(superName)) {
                continue;
            }
            if (!realSupers.contains(superName)) {
                offenders.add(name + ": declared supertype " + superName + " is not a supertype of the real type");
            }
        }
    }

    private void checkAnnotationMeta(Class<?> c, String name, JsonNode real) {
        Set<String> realRetention = annotationArgs(real, "java.lang.annotation.Retention");
        RetentionPolicy declaredRetention = c.isAnnotationPresent(Retention.class)
                ? c.getAnnotation(Retention.class).value() : RetentionPolicy.CLASS;
        Set<String> expectedRetention = realRetention == null ? Set.of("CLASS") : realRetention;
        if (!expectedRetention.equals(Set.of(declaredRetention.name()))) {
            offenders.add(name + ": @Retention " + declaredRetention + " but real is " + expectedRetention);
        }
        Set<String> realTarget = annotationArgs(real, "java.lang.annotation.Target");
        Set<String> declaredTarget = c.isAnnotationPresent(Target.class)
                ? Arrays.stream(c.getAnnotation(Target.class).value()).map(ElementType::name).collect(Collectors.toSet())
                : null;
        if (!Objects.equals(realTarget, declaredTarget)) {
            offenders.add(name + ": @Target " + declaredTarget + " but real is " + realTarget);
        }
    }

    /** The upper-case constants inside e.g. {@code @java.lang.annotation.Target({ ElementType.METHOD, FIELD })}, or null. */
    private static Set<String> annotationArgs(JsonNode real, String annotation) {
        for (JsonNode a : real.path("annotations")) {
            String text = a.asText();
            if (text.startsWith("@" + annotation + "(")) {
                Set<String> args = new TreeSet<>();
                Matcher m = Pattern.compile("(?:\\w+\\.)?([A-Z][A-Z_]+)").matcher(text.substring(annotation.length() + 1));
                while (m.find()) {
                    args.add(m.group(1));
                }
                return args;
            }
        }
        return null;
    }

    private void checkElement(String owner, JsonNode real, Method m) {
        membersChecked++;
        String where = owner + "." + m.getName() + "()";
        JsonNode element = members(real, "element").stream()
                .filter(e -> m.getName().equals(e.path("name").asText())).findFirst().orElse(null);
        if (element == null) {
            offenders.add(where + ": no such annotation element");
            return;
        }
        compareType(where, "returns", typeName(m.getReturnType()), element.path("returns").asText());
        boolean declaredDefault = m.getDefaultValue() != null;
        if (declaredDefault != element.path("hasDefault").asBoolean()) {
            offenders.add(where + ": default value " + (declaredDefault ? "declared" : "missing")
                    + " but real element " + (declaredDefault ? "has none" : "has one"));
        }
        checkRestricted(where, element);
    }

    private void checkRequiredElements(Class<?> c, String name, JsonNode real) {
        Set<String> declared = Arrays.stream(c.getDeclaredMethods()).map(Method::getName).collect(Collectors.toSet());
        for (JsonNode e : members(real, "element")) {
            if (!e.path("hasDefault").asBoolean() && !declared.contains(e.path("name").asText())) {
                offenders.add(name + "." + e.path("name").asText() + "(): required element (no default) is not declared");
            }
        }
    }

    private void checkExecutable(String owner, JsonNode real, Executable e, String kind, String memberName) {
        membersChecked++;
        List<String> params = Arrays.stream(e.getParameterTypes()).map(this::typeName).toList();
        String where = owner + "." + memberName + "(" + String.join(", ", params) + ")";
        Found found = "constructor".equals(kind)
                ? findOwn(real, kind, null, params)
                : findInHierarchy(owner, kind, memberName, params);
        if (found == null) {
            List<String> sameName = "constructor".equals(kind) ? List.of()
                    : overloads(owner, memberName);
            offenders.add(where + ": no such " + kind + " in the real type or its supertypes"
                    + (sameName.isEmpty() ? "" : " (real overloads: " + sameName + ")"));
            return;
        }
        JsonNode m = found.member;
        Set<String> mods = texts(m.path("modifiers"));
        compareVisibility(where, e.getModifiers(), m);
        if (e instanceof Method method) {
            compareModifier(where, "static", Modifier.isStatic(method.getModifiers()), mods.contains("static"));
            compareModifier(where, "abstract", Modifier.isAbstract(method.getModifiers()), mods.contains("abstract"));
            compareModifier(where, "final", Modifier.isFinal(method.getModifiers()), mods.contains("final"));
            compareType(where, "return type", typeName(method.getReturnType()), m.path("returns").asText());
        }
        // the data marks varargs on methods only (never on constructors)
        if (e instanceof Method && e.isVarArgs() != m.path("varargs").asBoolean(false)) {
            offenders.add(where + ": varargs " + e.isVarArgs() + " but real is " + m.path("varargs").asBoolean(false));
        }
        Set<String> declaredThrows = Arrays.stream(e.getExceptionTypes()).map(this::typeName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> realThrows = new TreeSet<>(texts(m.path("throws")));
        if (!declaredThrows.equals(realThrows)) {
            offenders.add(where + ": throws " + declaredThrows + " but real throws " + realThrows);
        }
        checkRestricted(where + (found.owner.equals(owner) ? "" : " (declared in " + found.owner + ")"), m);
    }

    private void checkField(String owner, JsonNode real, Field f) {
        membersChecked++;
        String where = owner + "." + f.getName();
        Found found = findInHierarchy(owner, "field", f.getName(), null);
        if (found == null) {
            offenders.add(where + ": no such field in the real type or its supertypes");
            return;
        }
        Set<String> mods = texts(found.member.path("modifiers"));
        compareVisibility(where, f.getModifiers(), found.member);
        compareModifier(where, "static", Modifier.isStatic(f.getModifiers()), mods.contains("static"));
        compareModifier(where, "final", Modifier.isFinal(f.getModifiers()), mods.contains("final"));
        compareType(where, "type", typeName(f.getType()), found.member.path("type").asText());
        checkRestricted(where, found.member);
    }

    /** Abstract classes with an accessible constructor, and interfaces not listed as consumer-only. */
    private boolean mayBeExtendedByPlugin(Class<?> c, String name) {
        if (c.isInterface()) {
            return !consumerOnly.contains(name);
        }
        return Modifier.isAbstract(c.getModifiers())
                && Arrays.stream(c.getDeclaredConstructors()).anyMatch(k -> isApi(k.getModifiers()));
    }

    private void checkAbstractCompleteness(Class<?> c, String name) {
        Set<String> abstractSigs = new LinkedHashSet<>();
        Set<String> concreteSigs = new HashSet<>();
        List<String> hierarchy = new ArrayList<>();
        hierarchy.add(name);
        hierarchy.addAll(api.supertypeClosure(name));
        for (String t : hierarchy) {
            api.type(t).ifPresent(type -> members(type, "method").forEach(m -> {
                Set<String> mods = texts(m.path("modifiers"));
                String sig = m.path("name").asText() + "(" + String.join(", ", texts(m.path("params"), true)) + ")";
                if (mods.contains("abstract")) {
                    abstractSigs.add(sig);
                } else if (!mods.contains("static")) {
                    concreteSigs.add(sig);
                }
            }));
        }
        abstractSigs.removeAll(concreteSigs);
        abstractSigs.removeAll(OBJECT_METHODS);
        Set<String> declared = new HashSet<>();
        collectDeclaredSignatures(c, declared, new HashSet<>());
        for (String sig : abstractSigs) {
            if (!declared.contains(sig)) {
                offenders.add(name + ": abstract member " + sig + " of the real type is not declared, so a plugin"
                        + " subclass would compile without implementing it");
            }
        }
    }

    private void collectDeclaredSignatures(Class<?> c, Set<String> into, Set<Class<?>> seen) {
        if (c == null || c == Object.class || !seen.add(c)) {
            return;
        }
        for (Method m : c.getDeclaredMethods()) {
            if (!m.isSynthetic()) {
                into.add(m.getName() + "(" + Arrays.stream(m.getParameterTypes()).map(this::typeName)
                        .collect(Collectors.joining(", ")) + ")");
            }
        }
        collectDeclaredSignatures(c.getSuperclass(), into, seen);
        for (Class<?> i : c.getInterfaces()) {
            collectDeclaredSignatures(i, into, seen);
        }
    }

    private record Found(String owner, JsonNode member) {
    }

    private Found findOwn(JsonNode type, String kind, String memberName, List<String> params) {
        for (JsonNode m : members(type, kind)) {
            boolean nameMatches = memberName == null || memberName.equals(m.path("name").asText());
            boolean paramsMatch = params == null || params.equals(texts(m.path("params"), true));
            if (nameMatches && paramsMatch) {
                return new Found(type.path("name").asText(), m);
            }
        }
        return null;
    }

    /** The real type first, then its supertypes nearest first; static interface methods are not inherited. */
    private Found findInHierarchy(String owner, String kind, String memberName, List<String> params) {
        List<String> hierarchy = new ArrayList<>();
        hierarchy.add(owner);
        hierarchy.addAll(api.supertypeClosure(owner));
        for (String t : hierarchy) {
            JsonNode type = api.type(t).orElse(null);
            if (type == null) {
                continue;
            }
            Found found = findOwn(type, kind, memberName, params);
            boolean staticInterfaceMethod = found != null && !t.equals(owner) && "interface".equals(type.path("kind").asText())
                    && "method".equals(kind) && texts(found.member.path("modifiers")).contains("static");
            if (found != null && !staticInterfaceMethod) {
                return found;
            }
        }
        return null;
    }

    private List<String> overloads(String owner, String memberName) {
        List<String> result = new ArrayList<>();
        api.type(owner).ifPresent(t -> members(t, "method").stream()
                .filter(m -> memberName.equals(m.path("name").asText()))
                .forEach(m -> result.add(m.path("returns").asText() + " " + memberName + "(" + String.join(", ", texts(m.path("params"), true)) + ")")));
        return result;
    }

    private void compareVisibility(String where, int declaredModifiers, JsonNode real) {
        Set<String> mods = texts(real.path("modifiers"));
        String realVisibility = mods.contains("public") || real.path("modifiers").isMissingNode() ? "public"
                : mods.contains("protected") ? "protected" : "package-private";
        String declared = Modifier.isPublic(declaredModifiers) ? "public" : "protected";
        if (real.path("implicit").asBoolean(false)) {
            realVisibility = "public";
        }
        if (!declared.equals(realVisibility)) {
            offenders.add(where + ": declared " + declared + " but real is " + realVisibility);
        }
    }

    private void compareModifier(String where, String modifier, boolean declared, boolean real) {
        if (declared != real) {
            offenders.add(where + ": " + (declared ? "declared " : "not declared ") + modifier + " but real is "
                    + (real ? "" : "not ") + modifier);
        }
    }

    private void compareType(String where, String what, String declared, String real) {
        if (!declared.equals(real)) {
            offenders.add(where + ": " + what + " " + declared + " but real is " + real);
        }
    }

    private void checkRestricted(String where, JsonNode node) {
        for (JsonNode a : node.path("annotations")) {
            String text = a.asText();
            Matcher m = RESTRICTED.matcher(text);
            if (m.find()) {
                offenders.add(where + ": restricted in Jenkins (@Restricted(" + m.group(1) + ".class)), not for plugins");
            } else if (text.startsWith("@java.lang.Deprecated")) {
                notes.add(where + ": deprecated in Jenkins");
            }
        }
    }

    private static boolean isApi(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static boolean isImplicitEnumMethod(Class<?> c, Method m) {
        return c.isEnum() && Modifier.isStatic(m.getModifiers())
                && ("values".equals(m.getName()) || "valueOf".equals(m.getName()) && m.getParameterCount() == 1);
    }

    private static String kindOf(Class<?> c) {
        if (c.isAnnotation()) {
            return "annotation";
        }
        if (c.isInterface()) {
            return "interface";
        }
        if (c.isEnum()) {
            return "enum";
        }
        return c.isRecord() ? "record" : "class";
    }

    /** Erased type name in the data's notation: fully qualified, {@code $} for nested types, {@code []} for arrays. */
    private String typeName(Class<?> t) {
        return t.isArray() ? typeName(t.getComponentType()) + "[]" : nameMapper.apply(t.getName());
    }

    private static List<JsonNode> members(JsonNode type, String kind) {
        List<JsonNode> result = new ArrayList<>();
        type.path("members").forEach(m -> {
            if (kind.equals(m.path("kind").asText())) {
                result.add(m);
            }
        });
        return result;
    }

    private static Set<String> texts(JsonNode array) {
        return new LinkedHashSet<>(texts(array, true));
    }

    private static List<String> texts(JsonNode array, boolean ordered) {
        List<String> result = new ArrayList<>();
        array.forEach(n -> result.add(n.asText()));
        return result;
    }
}
