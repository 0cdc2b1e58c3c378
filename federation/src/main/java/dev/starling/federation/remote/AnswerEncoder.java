package dev.starling.federation.remote;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.federation.remote.codecs.DoneAnswerEncoder;
import dev.starling.federation.remote.codecs.FailureAnswerEncoder;
import dev.starling.federation.remote.codecs.MessageAnswerEncoder;
import dev.starling.federation.remote.codecs.MessageHeaderEncoder;
import dev.starling.federation.remote.codecs.PageAnswerEncoder;
import dev.starling.federation.remote.codecs.BroadcastAnswerEncoder;
import dev.starling.federation.remote.codecs.QuiescentAnswerEncoder;
import dev.starling.spi.BroadcastSpread;
import dev.starling.federation.remote.codecs.SessionAnswerEncoder;
import dev.starling.federation.remote.codecs.StatsAnswerEncoder;
import dev.starling.spi.InstanceStats;
import dev.starling.spi.RequestType;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Encodes the answers of a served process into one reused buffer (one encoder per answering
 * thread): each method returns the encoded length, the answer at offset 0 of {@link #buffer}.
 */
final class AnswerEncoder {

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final SessionAnswerEncoder session = new SessionAnswerEncoder();
    private final DoneAnswerEncoder done = new DoneAnswerEncoder();
    private final MessageAnswerEncoder message = new MessageAnswerEncoder();
    private final PageAnswerEncoder page = new PageAnswerEncoder();
    private final FailureAnswerEncoder failure = new FailureAnswerEncoder();
    private final QuiescentAnswerEncoder quiescent = new QuiescentAnswerEncoder();
    private final StatsAnswerEncoder stats = new StatsAnswerEncoder();
    private final BroadcastAnswerEncoder broadcast = new BroadcastAnswerEncoder();

    /** Spreads in one {@code BroadcastAnswer}: 48 bytes each, well inside a publication's largest message. */
    static final int SPREADS_PER_PAGE = 1_024;

    MutableDirectBuffer buffer() {
        return buffer;
    }

    int session(long correlation, String user) {
        session.wrapAndApplyHeader(buffer, 0, header).correlation(correlation).user(user);
        return MessageHeaderEncoder.ENCODED_LENGTH + session.encodedLength();
    }

    int done(long correlation) {
        done.wrapAndApplyHeader(buffer, 0, header).correlation(correlation);
        return MessageHeaderEncoder.ENCODED_LENGTH + done.encodedLength();
    }

    int message(long correlation, Message m) {
        message.wrapAndApplyHeader(buffer, 0, header).correlation(correlation).messageId(m.id())
                .stamp(m.timestampMicros()).sender(m.sender()).text(m.text());
        return MessageHeaderEncoder.ENCODED_LENGTH + message.encodedLength();
    }

    int page(long correlation, List<Message> messages) {
        PageAnswerEncoder.MessagesEncoder entries = page.wrapAndApplyHeader(buffer, 0, header)
                .correlation(correlation).messagesCount(messages.size());
        for (Message m : messages) {
            entries.next().messageId(m.id()).stamp(m.timestampMicros()).sender(m.sender()).text(m.text());
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + page.encodedLength();
    }

    /** The failure of a request: its {@link StarlingException}, or {@code INTERNAL} for anything else. */
    int failure(long correlation, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        ErrorCode code = cause instanceof StarlingException e ? e.code() : ErrorCode.INTERNAL;
        String reason = String.valueOf(cause.getMessage());
        String prefix = code + ": ";
        failure.wrapAndApplyHeader(buffer, 0, header).correlation(correlation).errorCode(code.ordinal())
                .reason(reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason);
        return MessageHeaderEncoder.ENCODED_LENGTH + failure.encodedLength();
    }

    int quiescent(long correlation, boolean drained) {
        quiescent.wrapAndApplyHeader(buffer, 0, header).correlation(correlation).quiescent((short) (drained ? 1 : 0));
        return MessageHeaderEncoder.ENCODED_LENGTH + quiescent.encodedLength();
    }

    int stats(long correlation, InstanceStats s) {
        StatsAnswerEncoder.DoneEncoder entries = stats.wrapAndApplyHeader(buffer, 0, header).correlation(correlation)
                .ringBacklog(s.ringBacklog()).shardBacklog(s.shardBacklog()).handOvers(s.handOvers())
                .faults(s.faults()).federationBacklog(s.federationBacklog()).deliveriesSent(s.deliveriesSent())
                .deliveriesReceived(s.deliveriesReceived()).remoteTimeouts(s.remoteTimeouts())
                .timelineReads(s.timelineReads()).outOfOrderReads(s.outOfOrderReads())
                .doneCount(s.requestsDone().size());
        for (var e : s.requestsDone().entrySet()) {
            RequestType type = e.getKey();
            entries.next().requestType(type.ordinal()).answered(e.getValue());
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + stats.encodedLength();
    }

    /** The page of {@code spreads}, taken in message id order, that starts at index {@code from}. */
    int broadcast(long correlation, List<BroadcastSpread> spreads, int from) {
        List<BroadcastSpread> ordered = new java.util.ArrayList<>(spreads);
        ordered.sort(java.util.Comparator.comparingLong(BroadcastSpread::messageId));
        int to = Math.min(ordered.size(), from + SPREADS_PER_PAGE);
        BroadcastAnswerEncoder.SpreadsEncoder entries = broadcast.wrapAndApplyHeader(buffer, 0, header)
                .correlation(correlation).total(ordered.size()).spreadsCount(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            BroadcastSpread s = ordered.get(i);
            entries.next().messageId(s.messageId()).stamp(s.stamp()).firstSame(s.firstSame()).lastSame(s.lastSame())
                    .firstOther(s.firstOther()).lastOther(s.lastOther());
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + broadcast.encodedLength();
    }
}
