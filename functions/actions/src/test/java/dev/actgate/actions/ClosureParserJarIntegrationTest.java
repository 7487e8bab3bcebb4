package dev.actgate.actions;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Lambda archive carries Closure Compiler trimmed to what the syntax check reaches (functions/actions/pom.xml,
 * the {@code closure-parser} shade step). This runs {@link ClosureSyntax} from the packaged class path — the module's
 * classes plus target/lambda/lib/closure-compiler-parser-*.jar, nothing else, in a class loader of its own — over a
 * corpus of accepted and refused scripts, and requires the same answer (every error message, line and column) as the
 * full compiler jar on the test class path gives. A class the trimming dropped shows up as a NoClassDefFoundError here.
 */
class ClosureParserJarIntegrationTest {
    @Test
    void theTrimmedParserAnswersEveryCaseAsTheFullCompilerDoes() throws Exception {
        Path module = Path.of(System.getProperty("actgate.root", "../..")).resolve("functions/actions");
        Path classes = module.resolve("target/classes");
        Path lib = module.resolve("target/lambda/lib");
        List<Path> trimmed;
        try (Stream<Path> files = Files.list(lib)) {
            trimmed = files.filter(p -> p.getFileName().toString().matches("closure-compiler-parser-.*\\.jar")).toList();
        }
        assertEquals(1, trimmed.size(), "exactly one trimmed parser jar in " + lib + " (run 'mvn package'): " + trimmed);
        try (Stream<Path> files = Files.list(lib)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().matches("closure-compiler-v.*\\.jar")),
                "the full compiler jar is not on the function's class path");
        }
        Path jar = trimmed.get(0);
        try (ZipFile z = new ZipFile(jar.toFile())) {
            assertNull(z.getEntry("externs.zip"), "the compiler's externs are not in the trimmed jar");
            assertNull(z.getEntry("com/google/javascript/jscomp/Compiler.class"), "the compiler itself is not in the trimmed jar");
            assertTrue(z.getEntry("com/google/javascript/jscomp/parsing/ParserRunner.class") != null, "the parser is");
        }
        assertTrue(Files.size(jar) < 6L * 1024 * 1024, "trimmed jar is " + Files.size(jar) + " bytes");

        try (URLClassLoader packaged = new URLClassLoader(new URL[] {classes.toUri().toURL(), jar.toUri().toURL()},
            ClassLoader.getPlatformClassLoader())) {
            Class<?> type = packaged.loadClass(ClosureSyntax.class.getName());
            assertEquals(packaged, type.getClassLoader(), "ClosureSyntax is loaded from the packaged class path");
            Method errors = type.getDeclaredMethod("errors", String.class);
            errors.setAccessible(true);
            List<String> mismatches = new ArrayList<>();
            List<String> wrongCorpus = new ArrayList<>();
            for (String code : JavaScriptCorpus.ACCEPTED) {
                List<String> full = ClosureSyntax.errors(code);
                Object fromJar = errors.invoke(null, code);
                if (!full.isEmpty()) {
                    wrongCorpus.add("refused by the full compiler: " + code + " -> " + full);
                }
                if (!full.equals(fromJar)) {
                    mismatches.add(code + "\n  full: " + full + "\n  trimmed: " + fromJar);
                }
            }
            for (String code : JavaScriptCorpus.REFUSED) {
                List<String> full = ClosureSyntax.errors(code);
                Object fromJar = errors.invoke(null, code);
                if (full.isEmpty()) {
                    wrongCorpus.add("accepted by the full compiler: " + code);
                }
                if (!full.equals(fromJar)) {
                    mismatches.add(code + "\n  full: " + full + "\n  trimmed: " + fromJar);
                }
            }
            assertEquals(List.of(), wrongCorpus, "the corpus says what the full compiler does");
            assertEquals(List.of(), mismatches, "the trimmed parser answers as the full compiler");
        }
    }
}
