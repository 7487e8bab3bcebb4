package dev.actgate.shared.testing;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule that lets a bean be a record: its components are its injected collaborators, and a record makes each
 * readable through a public accessor — but no other class may call one. A caller that reached through
 * {@code resolver.connections()} or {@code approvals.repository()} to the repository underneath would skip the
 * service's rules (tenant scoping, sealing, caching), which is why issue 10 removed
 * {@code ConnectionService.repository()}; this check keeps the record beans from bringing that back.
 */
public final class RecordBeanAccess {
    private static final Set<String> BEAN_ANNOTATIONS = Set.of("jakarta.inject.Singleton",
        "io.micronaut.http.annotation.Controller", "io.micronaut.context.annotation.ConfigurationProperties");

    private RecordBeanAccess() {
    }

    /** Production classes of actgate on this class path (the shared test jar's classes left out). */
    public static JavaClasses productionClasses() {
        return new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.actgate");
    }

    /** Every call, from another class, of a record bean's component accessor (settings records are read by design). */
    public static List<String> reachThroughs(JavaClasses classes) {
        List<String> found = new ArrayList<>();
        for (JavaClass type : classes) {
            // read from the class files, not by loading the classes: a function's class path lacks some of shared's
            // optional dependencies (the actions function has no Netty client)
            if (!type.getRawSuperclass().map(s -> s.isEquivalentTo(Record.class)).orElse(false) || !isCollaboratorBean(type)) {
                continue;
            }
            Set<String> accessors = new TreeSet<>();
            for (JavaField component : type.getFields()) {
                if (!component.getModifiers().contains(JavaModifier.STATIC)) {
                    accessors.add(component.getName());   // a record's instance fields are exactly its components
                }
            }
            for (JavaMethod method : type.getMethods()) {
                if (!accessors.contains(method.getName()) || !method.getRawParameterTypes().isEmpty()) {
                    continue;
                }
                for (JavaMethodCall call : method.getCallsOfSelf()) {
                    JavaClass caller = call.getOriginOwner();
                    if (!caller.equals(type) && !caller.getName().startsWith(type.getName() + "$")) {
                        found.add(caller.getName() + " calls " + type.getSimpleName() + "." + method.getName() + "() ("
                            + call.getSourceCodeLocation() + ")");
                    }
                }
            }
        }
        return found;
    }

    /**
     * The check for one module's test: imports the production classes on its class path, makes sure {@code anchor}
     * (a class of the module) is among them, and fails with the list of reach-throughs, if any.
     */
    public static void assertNoneAround(Class<?> anchor) {
        JavaClasses classes = productionClasses();
        assertTrue(classes.contain(anchor), anchor.getName() + "'s module was imported");
        assertNone(classes);
    }

    /** Fails with the list of reach-throughs, if any. */
    public static void assertNone(JavaClasses classes) {
        List<String> found = reachThroughs(classes);
        assertTrue(found.isEmpty(), "a record bean's collaborators are its own; call the bean, not what it holds:\n  "
            + String.join("\n  ", found));
    }

    private static boolean isCollaboratorBean(JavaClass type) {
        // settings records (@ConfigurationProperties) are values meant to be read: their accessors are their API
        if (type.isAnnotatedWith("io.micronaut.context.annotation.ConfigurationProperties")) {
            return false;
        }
        return BEAN_ANNOTATIONS.stream().anyMatch(type::isAnnotatedWith);
    }
}
