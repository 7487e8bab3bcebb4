package dev.actgate.shared.storage;

import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.List;

/** Reads why DynamoDB cancelled a transaction: which of its items failed their condition. */
public final class Transactions {
    private Transactions() {
    }

    /** Index of the first item whose condition failed, or -1 when the cancellation had another cause. */
    public static int failedCondition(TransactionCanceledException e) {
        List<CancellationReason> reasons = e.cancellationReasons();
        for (int i = 0; i < reasons.size(); i++) {
            if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                return i;
            }
        }
        return -1;
    }
}
