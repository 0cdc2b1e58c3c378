package dev.starling.tools.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** One of the assignment's experiments: the points it measures and the plots it draws from them. */
public interface Experiment {

    /** The name on the command line, e.g. {@code speedup}; also the CSV's name. */
    String name();

    /** The varied parameter, e.g. {@code threads}. */
    String parameter();

    /** What it measures and why, printed before it runs. */
    String explanation(ExperimentSettings settings);

    List<Point> points(ExperimentSettings settings);

    /** Draws the PNGs into {@code dir}; returns the files written. */
    List<Path> plot(Path dir, Results results, ExperimentSettings settings) throws IOException;
}
