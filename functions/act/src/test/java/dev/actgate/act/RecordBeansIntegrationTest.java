package dev.actgate.act;

import dev.actgate.shared.testing.FunctionHarness;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Beans whose only state is their collaborators are records (docs/repetition-and-settings.md): Micronaut builds them
 * through the canonical constructor, as singletons, and serves the routes of record controllers.
 */
class RecordBeansIntegrationTest {
    @Test
    void recordBeansGetTheirCollaboratorsInjected() {
        try (FunctionHarness fn = FunctionHarness.start()) {
            ProxyDispatcher proxies = fn.context().getBean(ProxyDispatcher.class);
            assertTrue(proxies.getClass().isRecord());
            assertSame(fn.context().getBean(ActEngine.class), proxies.engine());
            ProxyController controller = fn.context().getBean(ProxyController.class);
            assertTrue(controller.getClass().isRecord(), "a record controller is not proxied");
            assertSame(proxies, controller.proxies(), "one ProxyDispatcher");
            assertSame(controller, fn.context().getBean(ProxyController.class), "a singleton");
        }
    }
}
