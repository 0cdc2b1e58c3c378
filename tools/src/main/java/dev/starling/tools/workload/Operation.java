package dev.starling.tools.workload;

/** The client operations a workload measures. */
public enum Operation {
    TIMELINE("timeline"), PROFILE("profile"), SEND("send");

    private final String label;

    Operation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
