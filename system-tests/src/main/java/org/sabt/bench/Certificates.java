package org.sabt.bench;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * Scenario 6: certificates issued with their PDF on document-service, and verifications of their QR tokens directly
 * and through the gateway, beside the ES256 check alone in this JVM (the signature is most of a verification's work).
 */
final class Certificates {

    static final String ISSUED = "certificates issued with their PDF";
    static final String DIRECT = "verifications direct";
    static final String GATEWAY = "verifications via gateway";
    static final String SIGNATURE = "ES256 check alone (reference)";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern LINK = Pattern.compile("\"verificationLink\"\\s*:\\s*\"[^\"#]*#([A-Z2-7]+)\"");

    private final Bench bench;
    private final String documents;
    private final String registry;
    private final String gateway;

    Certificates(Bench bench, String registry, String gateway) {
        this.bench = bench;
        this.documents = bench.env.get("SABT_DOCUMENT_URL");
        this.registry = registry;
        this.gateway = gateway;
    }

    String run(List<Bench.Result> results) throws Exception {
        String registrar = Keycloak.userToken("registrar.sino");
        birthBlanksInDsh01(documents, "XX-БН");
        List<String> acts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> r = post(registry + "/api/v1/acts", registrar, Bench.birthJson());
            Matcher id = ID.matcher(r.body());
            if (r.statusCode() == 201 && id.find()) {
                acts.add(id.group(1));
            }
        }
        String list = "'" + String.join("','", acts) + "'";
        await().atMost(Duration.ofSeconds(120)).until(() -> count("SELECT count(*) FROM act_snapshot WHERE act_id IN (" + list + ")") == acts.size());

        List<String> tokens = new CopyOnWriteArrayList<>();
        results.add(bench.run(ISSUED, 8, () -> {
            String act = acts.get(ThreadLocalRandom.current().nextInt(acts.size()));
            HttpResponse<String> r = post(documents + "/api/v1/certificates", registrar, """
                    {"actId":"%s","kind":"REPEAT_CERTIFICATE","medium":"PAPER"}""".formatted(act));
            Matcher token = LINK.matcher(r.body());
            if (r.statusCode() == 201 && token.find() && tokens.size() < 2000) {
                tokens.add(token.group(1));
            }
            return r.statusCode() == 201;
        }));
        // The signature check's code is compiled by the JIT only after some thousands of checks: warm both paths first.
        Bench.phase(32, () -> verify(documents, tokens), Duration.ofSeconds(10), null, null, null);
        Bench.phase(32, () -> verify(gateway, tokens), Duration.ofSeconds(10), null, null, null);
        for (int clients : List.of(8, 32)) {
            results.add(bench.run(DIRECT, clients, () -> verify(documents, tokens)));
            results.add(bench.run(GATEWAY, clients, () -> verify(gateway, tokens)));
        }
        results.add(bench.run(SIGNATURE, 8, signatureCheck()));
        connections.close();

        StringBuilder b = new StringBuilder();
        b.append("- certificates issued with their PDF (signed token, QR, PDF/A-3u, a blank taken): %.1f per second, p95 %.0f ms%n"
                .formatted(Bench.find(results, ISSUED, 8).throughput(), Bench.find(results, ISSUED, 8).latency().getValueAtPercentile(95) / 1000.0));
        for (int clients : List.of(8, 32)) {
            Bench.Result direct = Bench.find(results, DIRECT, clients);
            Bench.Result via = Bench.find(results, GATEWAY, clients);
            b.append("- verifications at %d clients: %.0f/s directly (aim 3,000), %.0f/s through the gateway (ratio %.2f)%n"
                    .formatted(clients, direct.throughput(), via.throughput(), via.throughput() / direct.throughput()));
        }
        b.append("- the ES256 check alone in this JVM (Bouncy Castle's P-256, as the service), 8 threads: %.0f/s%n"
                .formatted(Bench.find(results, SIGNATURE, 8).throughput()));
        return b.toString();
    }

    /** Keep-alive connections to each address, one per client at a time (see {@link LeanHttp}). */
    private final LeanHttp.Pool connections = new LeanHttp.Pool();

    private boolean verify(String base, List<String> tokens) throws Exception {
        String token = tokens.get(ThreadLocalRandom.current().nextInt(tokens.size()));
        return connections.with(base, http -> http.postJson("/api/v1/verifications", "{\"token\":\"" + token + "\"}")).status() == 200;
    }

    /**
     * The verification's own cryptography on a certificate-sized message, with no HTTP or database: ECDSA P-256 with
     * SHA-256 by Bouncy Castle's P-256 arithmetic, one key checking every signature, as document-service does it.
     */
    private static java.util.concurrent.Callable<Boolean> signatureCheck() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        byte[] message = new byte[300];
        ThreadLocalRandom.current().nextBytes(message);
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(pair.getPrivate());
        signer.update(message);
        byte[] signature = signer.sign();
        X9ECParameters p256 = CustomNamedCurves.getByName("secp256r1");
        ECPoint w = ((ECPublicKey) pair.getPublic()).getW();
        ECPublicKeyParameters key = new ECPublicKeyParameters(p256.getCurve().createPoint(w.getAffineX(), w.getAffineY()),
                new ECDomainParameters(p256.getCurve(), p256.getG(), p256.getN(), p256.getH()));
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        return () -> {
            SHA256Digest sha256 = new SHA256Digest();
            sha256.update(message, 0, message.length);
            byte[] digest = new byte[32];
            sha256.doFinal(digest, 0);
            ECDSASigner ecdsa = new ECDSASigner();
            ecdsa.init(false, key);
            return ecdsa.verifySignature(digest, r, s);
        };
    }

    /** 50,000 birth certificate blanks of a series received and handed to DSH01, numbered from a random start. */
    static void birthBlanksInDsh01(String documents, String series) throws Exception {
        String admin = Keycloak.userToken("admin");
        int from = 1 + ThreadLocalRandom.current().nextInt(9_000_000);
        expect(201, post(documents + "/api/v1/blanks/receipts", admin, """
                {"series":"%s","from":%d,"to":%d,"certificateType":"BIRTH"}""".formatted(series, from, from + 49_999)));
        expect(201, post(documents + "/api/v1/blanks/transfers", admin, """
                {"series":"%s","from":%d,"to":%d,"office":"DSH01"}""".formatted(series, from, from + 49_999)));
    }

    private static HttpResponse<String> post(String url, String token, String body) throws Exception {
        return Bench.HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + r.statusCode() + " " + r.body());
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = bench.database("documents");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
