package dev.lmaas.node.batch;

import dev.lmaas.node.task.TaskOutput;
import java.util.List;

/**
 * A request's outputs in input order, and where its time went.
 *
 * @param queueMicros longest wait of any of its inputs before its batch started
 * @param inferenceMicros longest model run among the batches that carried its inputs
 */
public record BatchResult(List<TaskOutput> outputs, long queueMicros, long inferenceMicros) {
}
