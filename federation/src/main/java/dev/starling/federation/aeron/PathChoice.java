package dev.starling.federation.aeron;

import io.aeron.Publication;

/**
 * Which of two publications to the same process a sender opens on: the IPC one when it is
 * connected (the process shares this process's media driver), else the UDP one, but only once UDP
 * has been connected for {@link #IPC_GRACE_NS} without IPC: a process on the same driver connects
 * over both, and IPC may lag behind. Used by the thread that opens the path only.
 */
public final class PathChoice {

    /** How long a sender that could go over IPC waits for it once UDP connected. */
    public static final long IPC_GRACE_NS = 250_000_000L;

    private final Publication udp;
    private final Publication ipc;
    /** When UDP was first seen connected while IPC was not (0: not now). */
    private long udpSinceNs;

    /** @param ipc the IPC publication, or null where IPC cannot be (no shared driver, another host) */
    public PathChoice(Publication udp, Publication ipc) {
        this.udp = udp;
        this.ipc = ipc;
    }

    /** The publication to open on at {@code nowNs}, or null: none connected, or IPC still given its moment. */
    public Publication pick(long nowNs) {
        if (ipc != null && ipc.isConnected()) {
            udpSinceNs = 0;
            return ipc;
        }
        if (!udp.isConnected()) {
            udpSinceNs = 0;
            return null;
        }
        if (ipc != null) {
            if (udpSinceNs == 0) {
                udpSinceNs = nowNs;
            }
            if (nowNs - udpSinceNs < IPC_GRACE_NS) {
                return null;
            }
        }
        return udp;
    }
}
