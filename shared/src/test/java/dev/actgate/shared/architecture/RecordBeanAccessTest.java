package dev.actgate.shared.architecture;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.actgate.shared.testing.RecordBeanAccess;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** shared's own classes never reach through a record bean to its collaborators (RecordBeanAccess says why). */
class RecordBeanAccessTest {
    @Test
    void sharedDoesNotReachThroughRecordBeans() {
        RecordBeanAccess.assertNoneAround(dev.actgate.shared.dispatch.DispatchResolver.class);
    }

    // A bean and a caller that reaches through it: the check must see it (so the test above can fail). The
    // condition keeps Micronaut from ever creating it in the tests' application contexts.
    @Singleton
    @io.micronaut.context.annotation.Requires(property = "actgate.test.record-bean-sample")
    record Holder(List<String> repository) {
        int size() {
            return repository.size();
        }
    }

    static final class ReachesThrough {
        int peek(Holder h) {
            return h.repository().size();
        }
    }

    static final class UsesTheBean {
        int peek(Holder h) {
            return h.size();
        }
    }

    @Test
    void aReachThroughIsFound() {
        List<String> found = RecordBeanAccess.reachThroughs(new ClassFileImporter()
            .importClasses(Holder.class, ReachesThrough.class, UsesTheBean.class));
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).contains("ReachesThrough calls Holder.repository()"), found.toString());
    }
}
