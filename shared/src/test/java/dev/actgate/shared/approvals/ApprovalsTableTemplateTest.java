package dev.actgate.shared.approvals;

import dev.actgate.testing.SamTemplate;
import dev.actgate.shared.testing.TestStorage;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The approvals table the code defaults to is declared, wired by environment, with TTL, and granted to act only. */
class ApprovalsTableTemplateTest {
    final SamTemplate template = TestStorage.template();

    @Test
    void declaredWithKeysTtlAndEnvironmentWiring() {
        SamTemplate.TableDef t = template.tables().stream().filter(x -> x.tableName().equals("actgate-approvals")).findFirst()
            .orElseThrow(() -> new AssertionError("template.yaml declares no actgate-approvals table"));
        assertEquals(List.of("pk", "sk"), t.keySchema().stream().map(SamTemplate.KeyAttribute::name).toList());
        assertEquals("purgeAt", t.ttlAttribute());
        assertEquals("PAY_PER_REQUEST", t.billingMode());
        assertEquals(t.logicalId(), template.tableEnvironment().get("ACTGATE_TABLES_APPROVALS"));
    }

    @Test
    void onlyTheActFunctionMayUseIt() throws Exception {
        String yaml = Files.readString(SamTemplate.locate());
        int grants = yaml.split("GetAtt ApprovalsTable.Arn", -1).length - 1;
        assertEquals(1, grants, "one IAM statement names the approvals table");
        int at = yaml.indexOf("GetAtt ApprovalsTable.Arn");
        int act = yaml.indexOf("ActFunction:");
        int next = yaml.indexOf("ActLogGroup:");
        assertTrue(at > act && at < next, "the statement belongs to ActFunction");
    }
}
