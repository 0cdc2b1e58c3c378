package dev.starling.tools.experiment;

import dev.starling.tools.workload.Mix;

/**
 * One request mix measured at a point of an experiment.
 *
 * @param series the series it adds to (may be empty when the point's series says it all)
 * @param mix    the request mix
 */
public record Workload(String series, Mix mix) {
}
