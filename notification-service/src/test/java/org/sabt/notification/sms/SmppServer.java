package org.sabt.notification.sms;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.EnquireLink;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.InterfaceVersion;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.ServerResponseDeliveryAdapter;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;
import org.jsmpp.util.RandomMessageIDGenerator;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SMSC for the module's tests: jsmpp's own server session on a loopback port, which the service binds to as a
 * transceiver. It keeps every submit_sm as it came (addresses, ESM class, data coding, bytes), answers with a message
 * id, and sends a delivery receipt back: UNDELIV for a number ending in 99, DELIVRD otherwise. It can hold a number's
 * answers (the client's submit times out) and drop the bind.
 */
public class SmppServer implements QuarkusTestResourceLifecycleManager {

    /** Marks the test's field that receives the running SMSC. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {
    }

    /** One submit_sm as the SMSC received it. */
    public record Submit(String source, byte sourceTon, String destination, byte destinationTon, byte destinationNpi,
                        byte esmClass, byte dataCoding, byte registeredDelivery, byte[] shortMessage, String messageId,
                        long receivedNanos) {

        public boolean udhi() {
            return (esmClass & 0x40) != 0;
        }

        /** The user data header's concatenation fields: reference, total, sequence; null without one. */
        public int[] concatenation() {
            return udhi() ? new int[]{shortMessage[3] & 0xFF, shortMessage[4] & 0xFF, shortMessage[5] & 0xFF} : null;
        }

        public String text() {
            byte[] payload = udhi() ? Arrays.copyOfRange(shortMessage, 1 + (shortMessage[0] & 0xFF), shortMessage.length)
                    : shortMessage;
            return new String(payload, dataCoding == 8 ? StandardCharsets.UTF_16BE : StandardCharsets.US_ASCII);
        }
    }

    /** The running SMSC, as the tests see it. */
    public static final class Smsc implements ServerMessageReceiverListener {
        public final List<Submit> submits = new CopyOnWriteArrayList<>();
        public final AtomicInteger binds = new AtomicInteger();
        public final AtomicInteger enquireLinks = new AtomicInteger();
        private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
        private final Set<String> heldIds = ConcurrentHashMap.newKeySet();
        private final RandomMessageIDGenerator ids = new RandomMessageIDGenerator();
        private final ExecutorService receipts = Executors.newSingleThreadExecutor();
        private volatile SMPPServerSession current;

        public List<Submit> to(String destination) {
            return submits.stream().filter(s -> s.destination().equals(destination)).toList();
        }

        /** The next submits to this number get their answers only when released: the client's wait times out. */
        public void hold(String destination) {
            held.put(destination, new CountDownLatch(1));
        }

        public void release(String destination) {
            CountDownLatch latch = held.remove(destination);
            if (latch != null) {
                latch.countDown();
            }
        }

        /** Drops the bind as an SMSC does on its own: the connection closes without an unbind. */
        public void dropBind() {
            current.close();
        }

        public boolean bound() {
            SMPPServerSession s = current;
            return s != null && s.getSessionState().isBound();
        }

        /** Sends a receipt for a submit, with the state given. */
        public void receipt(Submit submit, DeliveryReceiptState state) throws Exception {
            DeliveryReceipt receipt = new DeliveryReceipt(submit.messageId(), 1, state == DeliveryReceiptState.DELIVRD ? 1 : 0,
                    new Date(), new Date(), state, state == DeliveryReceiptState.DELIVRD ? "000" : "001", "");
            current.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, submit.destination(),
                    TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, submit.source(),
                    new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT), (byte) 0,
                    (byte) 0, new RegisteredDelivery(0), new GeneralDataCoding(Alphabet.ALPHA_DEFAULT),
                    receipt.toString().getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm sm, SMPPServerSession source) throws ProcessRequestException {
            MessageId id = ids.newMessageId();
            submits.add(new Submit(sm.getSourceAddr(), sm.getSourceAddrTon(), sm.getDestAddress(), sm.getDestAddrTon(),
                    sm.getDestAddrNpi(), sm.getEsmClass(), sm.getDataCoding(), sm.getRegisteredDelivery(), sm.getShortMessage(),
                    id.getValue(), System.nanoTime()));
            CountDownLatch latch = held.get(sm.getDestAddress());
            if (latch != null) {
                heldIds.add(id.getValue());
                try {
                    latch.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new SubmitSmResult(id, null);
        }

        private void answered(SubmitSmResult result) {
            String id = result.getMessageId();
            if (heldIds.remove(id)) {
                return; // its receipt is the test's to send
            }
            submits.stream().filter(s -> s.messageId().equals(id)).findFirst().ifPresent(s -> receipts.submit(() -> {
                try {
                    receipt(s, s.destination().endsWith("99") ? DeliveryReceiptState.UNDELIV : DeliveryReceiptState.DELIVRD);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return null;
            }));
        }

        @Override
        public void onAcceptEnquireLink(EnquireLink enquireLink, Session source) {
            enquireLinks.incrementAndGet();
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }
    }

    private final Smsc smsc = new Smsc();
    private SMPPServerSessionListener listener;
    private Thread acceptor;

    @Override
    public Map<String, String> start() {
        try {
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            listener = new SMPPServerSessionListener(port);
            listener.setMessageReceiverListener(smsc);
            listener.setResponseDeliveryListener(new ServerResponseDeliveryAdapter() {
                @Override
                public void onSubmitSmRespSent(SubmitSmResult result, SMPPServerSession source) {
                    smsc.answered(result);
                }
            });
            acceptor = Thread.ofPlatform().name("test-smsc").daemon().start(this::accept);
            return Map.of("sabt.sms.host", "127.0.0.1", "sabt.sms.port", Integer.toString(port));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void accept() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                SMPPServerSession session = listener.accept();
                BindRequest bind = session.waitForBind(5_000);
                if (bind.getBindType() != BindType.BIND_TRX || !"sabt".equals(bind.getSystemId())
                        || !"sabt".equals(bind.getPassword())) {
                    bind.reject(0x0D); // ESME_RBINDFAIL
                    continue;
                }
                bind.accept("test-smsc", InterfaceVersion.IF_34);
                smsc.current = session;
                smsc.binds.incrementAndGet();
            } catch (Exception e) {
                if (listener == null) {
                    return;
                }
            }
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(smsc, new TestInjector.AnnotatedAndMatchesType(Inject.class, Smsc.class));
    }

    @Override
    public void stop() {
        acceptor.interrupt();
        try {
            SMPPServerSessionListener l = listener;
            listener = null;
            l.close();
        } catch (IOException e) {
            // closing anyway
        }
        if (smsc.current != null) {
            smsc.current.unbindAndClose();
        }
        smsc.receipts.shutdownNow();
    }
}
