package dev.actgate.shared.credentials;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialsFactoryTest {
    private static final byte[] SECRET = "factory-secret".getBytes(StandardCharsets.UTF_8);
    private static final SecretBinding BINDING = new SecretBinding("ws_1", "tenant-a", "conn_1");

    @TempDir
    Path dir;

    private static ApplicationContext context(Map<String, Object> properties) {
        return ApplicationContext.builder().properties(properties).deduceEnvironment(false).start();
    }

    @Test
    void localKeyFileGivesTheLocalProvider() {
        Path file = dir.resolve("keys/master.key");
        try (ApplicationContext ctx = context(Map.of(CredentialsFactory.LOCAL_KEY_FILE, file.toString()))) {
            assertTrue(Files.notExists(file), "nothing is created until credentials are used");
            CredentialCipher cipher = ctx.getBean(CredentialCipher.class);
            assertArrayEquals(SECRET, cipher.open(cipher.seal(SECRET, BINDING), BINDING));
            assertInstanceOf(LocalMasterKeyProvider.class, ctx.getBean(MasterKeyProvider.class));
            assertTrue(Files.exists(file));
            assertTrue(ctx.getBean(CredentialCipher.class) == cipher, "singleton");
        }
    }

    @Test
    void withoutEitherPropertyTheContextStartsButCredentialsFailNamingBoth() {
        try (ApplicationContext ctx = context(Map.of())) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> ctx.getBean(CredentialCipher.class));
            String message = rootCause(e).getMessage();
            assertInstanceOf(IllegalStateException.class, rootCause(e));
            assertTrue(message.contains(CredentialsFactory.KMS_KEY_ID), message);
            assertTrue(message.contains(CredentialsFactory.LOCAL_KEY_FILE), message);
        }
    }

    @Test
    void kmsKeyIdWinsOverTheLocalKeyFile() {
        // The SDK's default region chain reads this system property first; the Lambda environment sets AWS_REGION.
        String previous = System.getProperty("aws.region");
        System.setProperty("aws.region", previous != null ? previous : "eu-west-1");
        Map<String, Object> props = new HashMap<>();
        props.put(CredentialsFactory.KMS_KEY_ID, "alias/actgate-credentials");
        props.put(CredentialsFactory.LOCAL_KEY_FILE, dir.resolve("unused.key").toString());
        try (ApplicationContext ctx = context(props)) {
            assertInstanceOf(KmsMasterKeyProvider.class, ctx.getBean(MasterKeyProvider.class));
            ctx.getBean(CredentialCipher.class); // no KMS call until the first seal/open
            assertTrue(Files.notExists(dir.resolve("unused.key")));
        } finally {
            if (previous == null) {
                System.clearProperty("aws.region");
            }
        }
    }

    /** actions and run-logs ship without the kms jar: the same code must work there with a local key file. */
    @Test
    void worksWithoutTheKmsLibraryOnTheClasspath() throws Exception {
        try (URLClassLoader loader = classLoaderWithoutKms()) {
            assertThrows(ClassNotFoundException.class,
                () -> loader.loadClass("software.amazon.awssdk.services.kms.KmsClient"));
            @SuppressWarnings("unchecked")
            Function<Map<String, String>, String> run = (Function<Map<String, String>, String>)
                loader.loadClass(WithoutKms.class.getName()).getDeclaredConstructor().newInstance();
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                assertEquals("opened with LocalMasterKeyProvider",
                    run.apply(Map.of(CredentialsFactory.LOCAL_KEY_FILE, dir.resolve("master.key").toString())));
                String refused = run.apply(Map.of(CredentialsFactory.KMS_KEY_ID, "alias/actgate-credentials"));
                assertTrue(refused.startsWith("IllegalStateException") && refused.contains("not on this function's classpath"),
                    refused);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }

    /** Runs inside the KMS-less class loader; answers in plain strings so no class crosses loaders. */
    public static final class WithoutKms implements Function<Map<String, String>, String> {
        @Override
        public String apply(Map<String, String> properties) {
            try (ApplicationContext ctx = context(new HashMap<>(properties))) {
                CredentialCipher cipher = ctx.getBean(CredentialCipher.class);
                byte[] opened = cipher.open(cipher.seal(SECRET, BINDING), BINDING);
                return (java.util.Arrays.equals(SECRET, opened) ? "opened with " : "garbled with ")
                    + ctx.getBean(MasterKeyProvider.class).getClass().getSimpleName();
            } catch (RuntimeException | LinkageError e) {
                Throwable root = rootCause(e);
                return root.getClass().getSimpleName() + ": " + root.getMessage();
            }
        }
    }

    private static URLClassLoader classLoaderWithoutKms() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.replace('\\', '/').contains("/software/amazon/awssdk/kms/")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
