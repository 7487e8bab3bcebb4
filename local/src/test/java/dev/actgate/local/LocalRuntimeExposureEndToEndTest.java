package dev.actgate.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the local runtime exposes to the machine and the network: DynamoDB Local (unauthenticated, holding the
 * workspace secrets) listens on loopback only, and {@code .actgate/} is owner-only (0700, files 0600). Connections
 * go only to this machine: its loopback and its own non-loopback interface addresses.
 */
class LocalRuntimeExposureEndToEndTest {
    static LocalRuntime runtime;
    static Path state;
    static int dynamoPort;

    @BeforeAll
    static void start() throws Exception {
        Path root = LocalPaths.fromWorkingDirectory().root;
        assumeTrue(Files.isDirectory(root.resolve("functions/act/target/lambda/lib")),
            "the function archives are not built: run scripts/test (mvn verify) or mvn package first");
        state = Files.createTempDirectory("actgate-exposure").resolve(".actgate");   // created by the runtime
        runtime = LocalRuntime.start(LocalPaths.of(root, state), "127.0.0.1", 0, 0, null);
        dynamoPort = URI.create(System.getProperty("aws.services.dynamodb.endpoint-override")).getPort();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** This machine's own addresses that are not loopback (and not link-local, which needs a scope to dial). */
    static List<InetAddress> ownNonLoopbackAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (!a.isLoopbackAddress() && !a.isLinkLocalAddress() && !(a instanceof Inet6Address && ((Inet6Address) a).getScopeId() != 0)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    @Test
    void dynamoDbLocalAnswersOnLoopback() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", dynamoPort), 2000);
            assertTrue(s.isConnected());
        }
    }

    @Test
    void dynamoDbLocalIsNotReachableOnTheMachinesOtherAddresses() throws IOException {
        List<InetAddress> own = ownNonLoopbackAddresses();
        assumeTrue(!own.isEmpty(), "this machine has no non-loopback address to try");
        for (InetAddress a : own) {
            try (Socket s = new Socket()) {
                assertThrows(ConnectException.class, () -> s.connect(new InetSocketAddress(a, dynamoPort), 2000),
                    "DynamoDB Local must not listen on " + a.getHostAddress());
            }
        }
    }

    @Test
    void theStateFolderIsOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "no POSIX file modes here");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(state)) {
            walk.forEach(files::add);
        }
        assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().equals("master.key")), files.toString());
        assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().equals("demo.properties")), files.toString());
        assertTrue(files.stream().anyMatch(p -> p.toString().endsWith(".db")), "the database file: " + files);
        for (Path p : files) {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
            assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode, p.toString());
        }
    }
}
