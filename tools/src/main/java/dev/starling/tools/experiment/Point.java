package dev.starling.tools.experiment;

import dev.starling.tools.workload.DeploymentSpec;
import dev.starling.tools.workload.GraphSpec;

import java.util.List;

/**
 * One setting of an experiment's parameter: a deployment to start fresh for every repetition,
 * the graph to load into it, and the workloads to measure on it one after the other.
 *
 * @param series          the series this point belongs to (e.g. the engine), may be empty
 * @param value           the parameter's value (a number for line plots, or a name)
 * @param deployment      the deployment
 * @param graph           the graph to load
 * @param messagesPerUser seed messages per user
 * @param clients         concurrent closed-loop clients
 * @param workloads       measured in this order on the same loaded deployment
 */
public record Point(String series, String value, DeploymentSpec deployment, GraphSpec graph, int messagesPerUser,
                    int clients, List<Workload> workloads) {

    public Point {
        workloads = List.copyOf(workloads);
    }

    /** The series of one workload's rows: the point's and the workload's, joined. */
    public String seriesOf(Workload workload) {
        if (series.isEmpty()) {
            return workload.series();
        }
        return workload.series().isEmpty() ? series : series + " " + workload.series();
    }

    /** e.g. {@code threads=2} or {@code RING follows=20}. */
    public String describe(String parameter) {
        return (series.isEmpty() ? "" : series + " ") + parameter + "=" + value;
    }
}
