package dev.starling.federation.aeron;

import dev.starling.api.ErrorCode;
import dev.starling.api.StarlingException;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.OptionalInt;
import java.net.UnknownHostException;

/** Endpoints as users write them ({@code host:port}) and the Aeron channels that reach them. */
public final class Endpoints {

    /** The federation's stream on a process's endpoint. */
    public static final int FEDERATION_STREAM = 1001;
    /** The clients' requests' stream on a process's endpoint. */
    public static final int REQUEST_STREAM = 1002;
    /** The answers' stream on a client's endpoint. */
    public static final int ANSWER_STREAM = 1003;
    /** Aeron's shared-memory channel, between clients of one media driver. */
    public static final String IPC = "aeron:ipc";
    /** IPC federation streams are this plus the port of the receiving process's endpoint. */
    private static final int IPC_STREAM_BASE = 100_000;
    /** IPC request streams are this plus the port of the serving process's endpoint. */
    private static final int IPC_REQUEST_STREAM_BASE = 200_000;
    /** IPC answer streams: this bit, and the low bits of a number unique on the driver. */
    private static final int IPC_ANSWER_STREAM_BASE = 1 << 30;
    /** A client hello's answer address over IPC: this, then the IPC stream number. */
    private static final String IPC_ANSWERS = "ipc:";

    private Endpoints() {
    }

    /**
     * Checks {@code host:port} (a host name or IPv4 address, a port 1 to 65535; 0 where {@code
     * anyPort}, for a port the system picks) and returns it.
     *
     * @throws StarlingException {@code INVALID_ARGUMENT} naming what is wrong
     */
    public static String check(String endpoint, boolean anyPort) {
        if (endpoint == null) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "endpoint is null");
        }
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0 || colon == endpoint.length() - 1) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "not HOST:PORT: '" + endpoint + "'");
        }
        int port;
        try {
            port = Integer.parseInt(endpoint.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "not a port number in '" + endpoint + "'");
        }
        if (port < (anyPort ? 0 : 1) || port > 65535) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "port out of range in '" + endpoint + "'");
        }
        return endpoint;
    }

    /** The Aeron UDP channel of {@code host:port}. */
    public static String udp(String endpoint) {
        return "aeron:udp?endpoint=" + endpoint;
    }

    /**
     * The IPC stream on which the process listening on {@code endpoint} takes federation events
     * from processes sharing its media driver: one per port, as two processes of one host cannot
     * listen on the same port anyway.
     */
    public static int ipcStream(String endpoint) {
        return IPC_STREAM_BASE + port(endpoint);
    }

    /** The IPC stream on which the process listening on {@code endpoint} takes client requests over a shared driver. */
    public static int ipcRequestStream(String endpoint) {
        return IPC_REQUEST_STREAM_BASE + port(endpoint);
    }

    /**
     * The IPC stream for the answers of a client on a shared driver, from a number unique on that
     * driver ({@code Aeron.nextCorrelationId()}): above every other stream Starling uses.
     */
    public static int ipcAnswerStream(long uniqueOnDriver) {
        return IPC_ANSWER_STREAM_BASE | (int) (uniqueOnDriver & (IPC_ANSWER_STREAM_BASE - 1));
    }

    /** Where a client on the server's media driver takes its answers, as its hello says: IPC stream {@code stream}. */
    public static String ipcAnswers(int stream) {
        return IPC_ANSWERS + stream;
    }

    /** The IPC stream of an answer address from {@link #ipcAnswers} (any int), or empty for any other address. */
    public static OptionalInt ipcAnswerStream(String answersAt) {
        if (!answersAt.startsWith(IPC_ANSWERS)) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(answersAt.substring(IPC_ANSWERS.length())));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** True when {@code host} is a loopback address or one of this machine's interfaces. */
    public static boolean onThisHost(String host) {
        InetAddress address = address(host);
        if (address == null) {
            return false;
        }
        try {
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /** The port of a checked {@code host:port}. */
    private static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    /** The host part of {@code host:port}. */
    public static String host(String endpoint) {
        return endpoint.substring(0, endpoint.lastIndexOf(':'));
    }

    /** The host's address, or null when it does not resolve. */
    public static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
