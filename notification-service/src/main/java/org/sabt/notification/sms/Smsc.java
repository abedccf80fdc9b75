package org.sabt.notification.sms;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.util.InvalidDeliveryReceiptException;
import org.sabt.notification.message.Masked;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Our bind to the SMSC: one SMPP transceiver session (submits go out on it, delivery receipts come back on it), kept
 * alive by {@code enquire_link} and bound again when the SMSC drops it, and a pace of so many segments per second
 * across every sender.
 */
@ApplicationScoped
public class Smsc {

    private static final Logger LOG = Logger.getLogger(Smsc.class);
    /** SMPP 3.4 command status ESME_RSYSERR, asking the SMSC to deliver the receipt again later. */
    private static final int SYSTEM_ERROR = 0x08;
    private static final int INVALID_COMMAND = 0x03;

    private final SmsConfig config;
    private final SmsSegments segments;
    private final Object binding = new Object();
    private volatile SMPPSession session;
    private long nextSlot;

    Smsc(SmsConfig config, SmsSegments segments) {
        this.config = config;
        this.segments = segments;
    }

    /** Binds when there is no bind: at the first poll after start, and after the SMSC dropped it. */
    @Scheduled(every = "${sabt.sms.reconnect:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void keepBound() {
        if (!config.enabled()) {
            return;
        }
        try {
            bound();
        } catch (IOException e) {
            LOG.warnf("the SMSC at %s:%d cannot be bound (%s); tried again in %s", config.host(), config.port(),
                    e.getMessage(), config.reconnect());
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        SMPPSession s = session;
        if (s != null) {
            s.unbindAndClose();
        }
    }

    /** Whether we are bound now. */
    public boolean isBound() {
        SMPPSession s = session;
        return s != null && s.getSessionState().isBound();
    }

    SMPPSession bound() throws IOException {
        SMPPSession s = session;
        if (s != null && s.getSessionState().isBound()) {
            return s;
        }
        synchronized (binding) {
            s = session;
            if (s != null && s.getSessionState().isBound()) {
                return s;
            }
            if (s != null) {
                s.close();
            }
            SMPPSession fresh = new SMPPSession();
            fresh.setEnquireLinkTimer((int) config.enquireLink().toMillis());
            fresh.setTransactionTimer(config.responseTimeout().toMillis());
            fresh.setMessageReceiverListener(new Receipts());
            fresh.addSessionStateListener(Smsc::stateChanged);
            fresh.connectAndBind(config.host(), config.port(), new BindParameter(BindType.BIND_TRX, config.systemId(),
                    config.password(), config.systemType().orElse(""), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null),
                    config.responseTimeout().toMillis());
            session = fresh;
            LOG.infof("bound to the SMSC at %s:%d as a transceiver", config.host(), config.port());
            return fresh;
        }
    }

    private static void stateChanged(SessionState now, SessionState before, Session source) {
        if (now == SessionState.CLOSED && before.isBound()) {
            LOG.warn("the SMSC dropped our bind; it is bound again at the next reconnect poll");
        }
    }

    /**
     * Submits one segment, at the configured pace, asking for a delivery receipt; answers the SMSC's message id.
     *
     * @throws ResponseTimeoutException when no answer came in time: whether the SMSC took it is unknown
     */
    String submit(String to, SmsText text, int index) throws IOException, ResponseTimeoutException, NegativeResponseException,
            InvalidResponseException, PDUException, InterruptedException {
        SMPPSession s = bound();
        pace();
        ESMClass esm = new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT,
                text.concatenated() ? GSMSpecificFeature.UDHI : GSMSpecificFeature.DEFAULT);
        return s.submitShortMessage("", TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, config.sender(),
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, to, esm, (byte) 0, (byte) 1, null, null,
                new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                new GeneralDataCoding(text.ucs2() ? Alphabet.ALPHA_UCS2 : Alphabet.ALPHA_DEFAULT), (byte) 0,
                text.segments().get(index)).getMessageId();
    }

    /** Waits for this segment's turn at the configured segments per second, shared by every sender. */
    private void pace() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextSlot);
            nextSlot = slot + (long) (1_000_000_000L / config.segmentsPerSecond());
            wait = slot - now;
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** What the SMSC sends us: delivery receipts, matched back to the segments. */
    private final class Receipts implements MessageReceiverListener {

        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
            if (!deliverSm.isSmscDeliveryReceipt()) {
                LOG.infof("an SMS from %s ignored: Sabt takes no replies", Masked.recipient(deliverSm.getSourceAddr()));
                return;
            }
            DeliveryReceipt receipt;
            try {
                receipt = deliverSm.getShortMessageAsDeliveryReceipt();
            } catch (InvalidDeliveryReceiptException e) {
                LOG.warnf("an unreadable delivery receipt ignored: %s", e.getMessage());
                return;
            }
            OptionalParameter receipted = deliverSm.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
            String id = receipted instanceof OptionalParameter.COctetString c ? c.getValueAsString() : receipt.getId();
            try {
                segments.receipt(id, deliverSm.getSourceAddr(), receipt.getFinalStatus());
            } catch (RuntimeException e) {
                LOG.errorf(e, "the receipt for SMSC message %s could not be recorded; the SMSC is asked to send it again", id);
                throw new ProcessRequestException("receipt not recorded", SYSTEM_ERROR, e);
            }
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm is not taken", INVALID_COMMAND);
        }
    }
}
