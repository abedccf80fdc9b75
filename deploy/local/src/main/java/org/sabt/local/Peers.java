package org.sabt.local;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
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
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * notification-service's peers in a local stack, so that citizens' messages go somewhere real and can be read: an
 * SMTP server (GreenMail) and an SMSC (jsmpp's server session, which takes any bind and answers every segment with a
 * DELIVRD receipt). What they received is JSON at {@code http://127.0.0.1:<peers port>/mail?to=} and
 * {@code /sms?to=} (newest last; {@code /sms?from=N} skips the first N segments taken, for a reader that follows),
 * for a developer's eyes, the system tests and the benchmark. Nothing leaves the machine.
 */
final class Peers implements ServerMessageReceiverListener {

    /** One SMS segment as the SMSC took it. */
    record Segment(String from, int fromTon, String to, int toTon, int dataCoding, int[] udh, String text, String messageId,
                   Instant at) {
    }

    private final GreenMail mail;
    private final SMPPServerSessionListener smsc;
    private final HttpServer api;
    private final List<Segment> segments = new CopyOnWriteArrayList<>();
    private final Map<String, Segment> byId = new ConcurrentHashMap<>();
    private final RandomMessageIDGenerator ids = new RandomMessageIDGenerator();
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();

    private Peers(StackConfig config) throws IOException {
        mail = new GreenMail(new ServerSetup(config.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        smsc = new SMPPServerSessionListener(config.smppPort());
        smsc.setMessageReceiverListener(this);
        smsc.setResponseDeliveryListener(new ServerResponseDeliveryAdapter() {
            @Override
            public void onSubmitSmRespSent(SubmitSmResult result, SMPPServerSession source) {
                work.submit(() -> receipt(byId.get(result.getMessageId()), source));
            }
        });
        Thread.ofPlatform().daemon().name("sabt-smsc").start(this::accept);
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", config.peersPort()), 0);
        api.setExecutor(work);
        api.createContext("/mail", e -> answer(e, mail(query(e).get("to"))));
        api.createContext("/sms", e -> {
            Map<String, String> q = query(e);
            answer(e, sms(q.get("to"), q.containsKey("from") ? Integer.parseInt(q.get("from")) : 0));
        });
        api.start();
    }

    static Peers start(StackConfig config) {
        quietAboutReceiptAnswers();
        try {
            return new Peers(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * jsmpp 3.0.1's server cannot decode the deliver_sm_resp jsmpp's own client (notification-service) answers a
     * delivery receipt with: the client leaves out the body's empty message_id, and the decoder throws on the missing
     * byte in one of its worker threads, whose default handler prints the trace (one per SMS delivered). The receipt
     * was delivered and nothing waits for that answer, so this one failure is not printed; every other is, as before.
     */
    private static void quietAboutReceiptAnswers() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            boolean receiptAnswer = e instanceof IndexOutOfBoundsException && Arrays.stream(e.getStackTrace())
                    .anyMatch(f -> f.getClassName().startsWith("org.jsmpp.") && f.getMethodName().equals("deliverSmResp"));
            if (receiptAnswer) {
                return;
            }
            if (previous != null) {
                previous.uncaughtException(thread, e);
            } else { // as the JDK prints it (its ThreadGroup would call this handler again)
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace(System.err);
            }
        });
    }

    void stop() {
        api.stop(0);
        try {
            smsc.close();
        } catch (IOException e) {
            // stopping anyway
        }
        mail.stop();
        work.shutdownNow();
    }

    private void accept() {
        while (true) {
            SMPPServerSession session;
            try {
                session = smsc.accept();
            } catch (IOException e) {
                return; // closed
            }
            work.submit(() -> {
                BindRequest bind = session.waitForBind(10_000);
                bind.accept("sabt-local-smsc", InterfaceVersion.IF_34);
                return null;
            });
        }
    }

    @Override
    public SubmitSmResult onAcceptSubmitSm(SubmitSm sm, SMPPServerSession source) {
        MessageId id = ids.newMessageId();
        byte[] bytes = sm.getShortMessage();
        boolean udhi = (sm.getEsmClass() & 0x40) != 0;
        int[] udh = udhi && bytes.length > 5 ? new int[]{bytes[3] & 0xFF, bytes[4] & 0xFF, bytes[5] & 0xFF} : null;
        byte[] payload = udhi ? Arrays.copyOfRange(bytes, 1 + (bytes[0] & 0xFF), bytes.length) : bytes;
        String text = new String(payload, sm.getDataCoding() == 8 ? StandardCharsets.UTF_16BE : StandardCharsets.ISO_8859_1);
        Segment s = new Segment(sm.getSourceAddr(), sm.getSourceAddrTon(), sm.getDestAddress(), sm.getDestAddrTon(),
                sm.getDataCoding(), udh, text, id.getValue(), Instant.now());
        byId.put(id.getValue(), s);
        segments.add(s);
        return new SubmitSmResult(id, null);
    }

    private Void receipt(Segment s, SMPPServerSession session) throws Exception {
        if (s == null) {
            return null;
        }
        DeliveryReceipt receipt = new DeliveryReceipt(s.messageId(), 1, 1, new Date(), new Date(), DeliveryReceiptState.DELIVRD,
                "000", "");
        session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, s.to(),
                TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, s.from(),
                new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT), (byte) 0, (byte) 0,
                new RegisteredDelivery(0), new GeneralDataCoding(Alphabet.ALPHA_DEFAULT),
                receipt.toString().getBytes(StandardCharsets.US_ASCII));
        return null;
    }

    /** The segments for a number (or for every number), from the {@code from}th the SMSC took (0 for all). */
    private String sms(String to, int from) {
        return segments.stream().skip(from).filter(s -> to == null || s.to().equals(to)).map(s -> "{\"from\":" + json(s.from())
                + ",\"fromTon\":" + s.fromTon() + ",\"to\":" + json(s.to()) + ",\"toTon\":" + s.toTon() + ",\"dataCoding\":"
                + s.dataCoding() + ",\"udh\":" + (s.udh() == null ? "null" : Arrays.toString(s.udh()).replace(" ", ""))
                + ",\"text\":" + json(s.text()) + ",\"messageId\":" + json(s.messageId()) + ",\"at\":" + json(s.at().toString())
                + "}").collect(Collectors.joining(",", "[", "]"));
    }

    private String mail(String to) {
        List<String> items = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            try {
                List<String> recipients = Arrays.stream(m.getAllRecipients()).map(Address::toString).toList();
                if (to != null && recipients.stream().noneMatch(r -> r.contains(to))) {
                    continue;
                }
                items.add("{\"to\":" + recipients.stream().map(Peers::json).collect(Collectors.joining(",", "[", "]"))
                        + ",\"from\":" + json(m.getFrom()[0].toString()) + ",\"subject\":" + json(m.getSubject())
                        + ",\"text\":" + json(part(m.getContent(), "text/plain", m.getContentType()))
                        + ",\"html\":" + json(part(m.getContent(), "text/html", m.getContentType())) + "}");
            } catch (Exception e) {
                items.add("{\"error\":" + json(e.toString()) + "}");
            }
        }
        return String.join(",", items.stream().collect(Collectors.joining(",", "[", "]")));
    }

    private static String part(Object content, String type, String contentType) throws Exception {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart p = multipart.getBodyPart(i);
                String found = part(p.getContent(), type, p.getContentType());
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        return contentType.toLowerCase().startsWith(type) ? content.toString() : null;
    }

    private static Map<String, String> query(HttpExchange e) {
        String q = e.getRequestURI().getRawQuery();
        if (q == null) {
            return Map.of();
        }
        return Arrays.stream(q.split("&")).map(kv -> kv.split("=", 2)).filter(kv -> kv.length == 2)
                .collect(Collectors.toMap(kv -> kv[0], kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8), (a, b) -> b));
    }

    private static void answer(HttpExchange e, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        e.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String json(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
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
