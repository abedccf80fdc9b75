package org.sabt.document.signing;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.sabt.document.token.CertificateToken;
import org.sabt.document.token.Es256;

import java.io.FileInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys that sign certificate tokens and status lists. The active one signs; every key that ever signed stays
 * published ({@code /.well-known/jwks.json}) and verifies for ever, because a certificate does not expire. Two
 * instances starting together agree on one key per generation (the table's unique generation).
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    private final EntityManager em;
    private final SigningConfig config;
    private final Map<String, PublicKey> publicKeys = new ConcurrentHashMap<>();
    private final Map<String, Es256> verifiers = new ConcurrentHashMap<>();
    private volatile CertificateToken.SigningKey active;

    SigningKeys(EntityManager em, SigningConfig config) {
        this.em = em;
        this.config = config;
    }

    void start(@Observes StartupEvent start) {
        active();
    }

    /** The key that signs now. */
    public CertificateToken.SigningKey active() {
        CertificateToken.SigningKey key = active;
        if (key == null) {
            synchronized (this) {
                if (active == null) {
                    active = config.keystore().isPresent() ? fromKeystore() : generated();
                    reload();
                    LOG.infof("certificates are signed with key %s", active.kid());
                }
                key = active;
            }
        }
        return key;
    }

    /** A key that signed here, by its id; null for one that never did (read again once, in case another instance rotated). */
    public PublicKey publicKey(String kid) {
        PublicKey key = publicKeys.get(kid);
        if (key == null && kid.matches("[A-Za-z0-9_-]{1,20}")) {
            reload();
            key = publicKeys.get(kid);
        }
        return key;
    }

    /** The ES256 check of a key that signed here (kept, with its precomputed multiples); null for one that never did. */
    public Es256 verifier(String kid) {
        Es256 verifier = verifiers.get(kid);
        if (verifier == null) {
            PublicKey key = publicKey(kid);
            verifier = key == null ? null : verifiers.computeIfAbsent(kid, k -> new Es256(key));
        }
        return verifier;
    }

    /** Every public key, newest first, as a JWK Set. */
    public JWKSet jwks() {
        List<Object[]> rows = reload();
        return new JWKSet(rows.stream().map(r -> (com.nimbusds.jose.jwk.JWK) new ECKey.Builder(Curve.P_256,
                        (ECPublicKey) publicKeys.get((String) r[0])).keyID((String) r[0]).keyUse(KeyUse.SIGNATURE)
                .algorithm(Algorithm.parse("ES256")).build()).toList());
    }

    /** Every key from the table into the cache; answers the rows, newest first. */
    private List<Object[]> reload() {
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT kid, public_key FROM signing_key ORDER BY created_at DESC").getResultList());
        rows.forEach(r -> publicKeys.put((String) r[0], publicKey((byte[]) r[1])));
        return rows;
    }

    private CertificateToken.SigningKey generated() {
        int generation = config.generation();
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Object[]> found = em.createNativeQuery("SELECT kid, private_key FROM signing_key WHERE generation = ?1")
                    .setParameter(1, generation).getResultList();
            if (found.isEmpty()) {
                KeyPair pair = newPair();
                String kid = kid(pair.getPublic());
                em.createNativeQuery("""
                                INSERT INTO signing_key (kid, generation, public_key, private_key, source)
                                VALUES (?1, ?2, ?3, ?4, 'generated') ON CONFLICT DO NOTHING""")
                        .setParameter(1, kid).setParameter(2, generation).setParameter(3, pair.getPublic().getEncoded())
                        .setParameter(4, pair.getPrivate().getEncoded()).executeUpdate();
                found = em.createNativeQuery("SELECT kid, private_key FROM signing_key WHERE generation = ?1")
                        .setParameter(1, generation).getResultList();
                LOG.infof("signing key generation %d: %s", generation, found.get(0)[0]);
            }
            Object[] row = found.get(0);
            return new CertificateToken.SigningKey((String) row[0], privateKey((byte[]) row[1]));
        });
    }

    private CertificateToken.SigningKey fromKeystore() {
        String path = config.keystore().orElseThrow();
        char[] password = config.keystorePassword().orElse("").toCharArray();
        try (FileInputStream in = new FileInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            String alias = config.keystoreAlias().orElseGet(() -> {
                try {
                    return store.aliases().nextElement();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            });
            PrivateKey privateKey = (PrivateKey) store.getKey(alias, password);
            PublicKey publicKey = store.getCertificate(alias).getPublicKey();
            if (!(publicKey instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new IllegalStateException("the signing key in " + path + " is not an EC P-256 key");
            }
            String kid = kid(publicKey);
            // Only the public half is kept here: it must outlive the file, which may be rotated away.
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                            INSERT INTO signing_key (kid, generation, public_key, private_key, source)
                            VALUES (?1, NULL, ?2, NULL, 'keystore') ON CONFLICT DO NOTHING""")
                    .setParameter(1, kid).setParameter(2, publicKey.getEncoded()).executeUpdate());
            return new CertificateToken.SigningKey(kid, privateKey);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the signing keystore " + path + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A short key id: the first 6 base64url characters of the SHA-256 of the public key (SubjectPublicKeyInfo). */
    static String kid(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 6);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PublicKey publicKey(byte[] spki) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored public key cannot be read", e);
        }
    }

    private static PrivateKey privateKey(byte[] pkcs8) {
        if (pkcs8 == null) {
            throw new IllegalStateException("the key of this generation came from a keystore; configure it again");
        }
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored private key cannot be read", e);
        }
    }
}
