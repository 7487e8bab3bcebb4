import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The closing summary of scripts/test: one line per test tier, counted from the Surefire/Failsafe XML reports of
 * every module (target/surefire-reports, target/failsafe-reports/<tier>), the reasons of what was skipped, then the
 * plain total line CI reads. The tier comes from the class name (docs/testing.md): Adversarial*Test, *IntegrationTest,
 * *EndToEndTest, *ContainerTest, any other *Test is a unit test.
 * Run as a single-file program: java scripts/TestSummary.java [root]. Exit status 1 when a test failed or none ran.
 */
public class TestSummary {
    static final List<String> TIERS = List.of("unit", "integration", "end-to-end", "container", "adversarial");

    static final class Tier {
        int passed;
        int failed;
        int skipped;
        final Map<String, Integer> skipReasons = new TreeMap<>();
        final List<String> failures = new ArrayList<>();
    }

    static String tierOf(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int nested = simple.indexOf('$');
        if (nested >= 0) {
            simple = simple.substring(0, nested);
        }
        if (simple.startsWith("Adversarial") && simple.endsWith("Test")) {
            return "adversarial";
        }
        if (simple.endsWith("IntegrationTest")) {
            return "integration";
        }
        if (simple.endsWith("EndToEndTest")) {
            return "end-to-end";
        }
        if (simple.endsWith("ContainerTest")) {
            return "container";
        }
        return "unit";
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        List<Path> reports = new ArrayList<>();
        for (Path module : modules(root)) {
            for (String folder : List.of("surefire-reports", "failsafe-reports")) {
                Path dir = module.resolve("target").resolve(folder);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.walk(dir, 2)) {
                        files.filter(p -> p.getFileName().toString().startsWith("TEST-") && p.getFileName().toString().endsWith(".xml"))
                            .sorted().forEach(reports::add);
                    }
                }
            }
        }
        Map<String, Tier> tiers = new LinkedHashMap<>();
        TIERS.forEach(t -> tiers.put(t, new Tier()));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        for (Path report : reports) {
            Document doc;
            try {
                doc = factory.newDocumentBuilder().parse(report.toFile());
            } catch (Exception e) {
                System.out.println("unreadable report " + root.relativize(report) + ": " + e.getMessage());
                tiers.get("unit").failed++;
                continue;
            }
            NodeList cases = doc.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element tc = (Element) cases.item(i);
                String className = tc.getAttribute("classname");
                Tier tier = tiers.get(tierOf(className.isEmpty() ? report.getFileName().toString() : className));
                Element skipped = child(tc, "skipped");
                Element failure = child(tc, "failure");
                Element error = child(tc, "error");
                if (failure != null || error != null) {
                    tier.failed++;
                    Element f = failure != null ? failure : error;
                    String message = f.getAttribute("message");
                    tier.failures.add(className + "." + tc.getAttribute("name")
                        + (message.isEmpty() ? "" : ": " + firstLine(message)));
                } else if (skipped != null) {
                    tier.skipped++;
                    tier.skipReasons.merge(reason(skipped), 1, Integer::sum);
                } else {
                    tier.passed++;
                }
            }
        }
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        System.out.println();
        for (Map.Entry<String, Tier> e : tiers.entrySet()) {
            Tier t = e.getValue();
            System.out.printf("tier %s: %d run, %d failed, %d skipped%n", e.getKey(), t.passed + t.failed, t.failed, t.skipped);
            t.skipReasons.forEach((reason, n) -> System.out.printf("  skipped: %s (%d)%n", reason, n));
            t.failures.forEach(f -> System.out.printf("  FAILED %s%n", f));
            passed += t.passed;
            failed += t.failed;
            skipped += t.skipped;
        }
        System.out.printf("%d passed, %d failed, %d skipped%n", passed, failed, skipped);
        System.exit(failed > 0 || passed == 0 ? 1 : 0);
    }

    /** Module folders: the root's children and grandchildren (functions/act) that have a pom.xml. */
    private static List<Path> modules(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(root, 2)) {
            dirs.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                .filter(d -> Files.isRegularFile(d.resolve("pom.xml"))).sorted().forEach(out::add);
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el && el.getTagName().equals(name)) {
                return el;
            }
        }
        return null;
    }

    /** The assumption's message: the message attribute or, with trimmed stack traces, the first line of the text. */
    static String reason(Element skipped) {
        String reason = skipped.getAttribute("message");
        if (reason.isBlank()) {
            reason = skipped.getTextContent();
        }
        reason = firstLine(reason == null ? "" : reason);
        for (String prefix : List.of("org.opentest4j.TestAbortedException: ", "Assumption failed: ")) {
            if (reason.startsWith(prefix)) {
                reason = reason.substring(prefix.length());
            }
        }
        return reason.isBlank() ? "no reason given (@Disabled?)" : reason;
    }

    private static String firstLine(String s) {
        String line = s.strip();
        int nl = line.indexOf('\n');
        line = nl >= 0 ? line.substring(0, nl) : line;
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
