package dev.actgate.shared.testing;

import dev.actgate.shared.workspaces.Workspace;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What an integration test class extends to get its module's function handler ({@link FunctionHarness#start()}, on
 * DynamoDB Local) as {@code fn} and a fresh workspace as {@code ws}, started before its own {@code @BeforeAll} and
 * closed after the class. Test classes of a module run one after the other, so one pair of fields serves them all.
 */
@ExtendWith(WithFunctionHarness.Lifecycle.class)
public abstract class WithFunctionHarness {
    protected static FunctionHarness fn;
    protected static Workspace ws;

    static final class Lifecycle implements BeforeAllCallback, AfterAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            if (fn != null) {
                throw new IllegalStateException("Another test class still holds the function harness; run them one at a time");
            }
            fn = FunctionHarness.start();
            ws = TestWorkspaces.create();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (fn != null) {
                fn.close();
            }
            fn = null;
            ws = null;
        }
    }
}
