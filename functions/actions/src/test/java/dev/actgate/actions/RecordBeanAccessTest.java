package dev.actgate.actions;

import dev.actgate.shared.testing.RecordBeanAccess;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** This function's classes (and shared's) never reach through a record bean to its collaborators. */
class RecordBeanAccessTest {
    @Test
    void noClassReachesThroughARecordBean() {
        var classes = RecordBeanAccess.productionClasses();
        assertTrue(classes.contain(ActionsController.class), "this function's classes were imported");
        RecordBeanAccess.assertNone(classes);
    }
}
