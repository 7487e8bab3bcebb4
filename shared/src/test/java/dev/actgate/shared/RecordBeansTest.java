package dev.actgate.shared;

import dev.actgate.shared.actions.ActionService;
import dev.actgate.shared.apikeys.ApiCredentialService;
import dev.actgate.shared.approvals.ApprovalService;
import dev.actgate.shared.approvals.DynamoApprovalRepository;
import dev.actgate.shared.connections.ConnectFlowService;
import dev.actgate.shared.connections.ConnectOAuthService;
import dev.actgate.shared.connections.ConnectScreenService;
import dev.actgate.shared.connections.IdentityProbe;
import dev.actgate.shared.dispatch.DispatchResolver;
import dev.actgate.shared.idempotency.IdempotencyService;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.BeanDefinition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The services whose only state is their collaborators are records; Micronaut makes them beans through their
 * canonical constructor. This checks the bean definitions (without creating the beans: the functions' integration
 * tests do that on DynamoDB Local): each record is a singleton bean injected with exactly its components.
 */
class RecordBeansTest {
    @ParameterizedTest
    @ValueSource(classes = {ActionService.class, ApiCredentialService.class, ApprovalService.class, DynamoApprovalRepository.class,
        ConnectFlowService.class, ConnectOAuthService.class, ConnectScreenService.class, IdentityProbe.class,
        DispatchResolver.class, IdempotencyService.class})
    void aRecordServiceIsABeanBuiltFromItsComponents(Class<?> type) {
        assertTrue(type.isRecord(), type + " is a record");
        try (ApplicationContext c = ApplicationContext.builder().start()) {
            BeanDefinition<?> definition = c.findBeanDefinition(type).orElseThrow(() -> new AssertionError("no bean " + type));
            assertTrue(definition.isSingleton(), type + " is a singleton");
            Class<?>[] components = Arrays.stream(type.getRecordComponents()).map(r -> r.getType()).toArray(Class<?>[]::new);
            Class<?>[] injected = Arrays.stream(definition.getConstructor().getArguments()).map(a -> a.getType()).toArray(Class<?>[]::new);
            assertArrayEquals(components, injected, type + " is injected through its canonical constructor");
        }
    }
}
