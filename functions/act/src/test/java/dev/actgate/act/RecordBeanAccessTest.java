package dev.actgate.act;

import dev.actgate.shared.testing.RecordBeanAccess;
import org.junit.jupiter.api.Test;

/** This function's classes (and shared's) never reach through a record bean to its collaborators. */
class RecordBeanAccessTest {
    @Test
    void noClassReachesThroughARecordBean() {
        RecordBeanAccess.assertNoneAround(ActEngine.class);
    }
}
