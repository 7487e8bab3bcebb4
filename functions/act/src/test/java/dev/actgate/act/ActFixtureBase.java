package dev.actgate.act;

import dev.actgate.shared.testing.FunctionHarness;
import dev.actgate.shared.testing.TestUpstream;
import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an act integration test class extends to get the {@link ActFixture}: the act handler, the upstream and a
 * workspace, started before its {@code @BeforeAll} with the settings of its {@link ActFixtureSettings}, closed after it.
 */
@ExtendWith(ActFixture.class)
abstract class ActFixtureBase {
    /** The act function's handler. */
    static FunctionHarness act;
    /** The recording HTTP upstream on 127.0.0.1. */
    static TestUpstream upstream;
    /** A fresh workspace for the class. */
    static Workspace ws;
}
